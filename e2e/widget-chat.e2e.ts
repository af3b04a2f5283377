import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postServerMessage } from '../server/src/conversations/commands';
import { startTestServer, type TestServer } from '../server/test/helpers/test-server';
import { launchChromium, type TestBrowser } from './helpers/browser';
import { bubbles, collectProblems, latestConversation, openWidget, sendMessage, sql } from './helpers/widget';

let server: TestServer;
let chromium: TestBrowser;

beforeAll(async () => {
  server = await startTestServer();
  chromium = await launchChromium();
});
afterAll(async () => {
  await chromium?.close();
  await server?.stop();
});

describe('chatting from the demo page', () => {
  it('sends a message, shows it sent, receives a live reply, keeps the history on reload and in a second tab', async () => {
    const context = await chromium.browser.newContext();
    const page = await context.newPage();
    const problems = collectProblems(page);
    await page.goto(`${server.url}/demo/`);
    await openWidget(page);
    await sendMessage(page, 'Where is my order?');
    await expect.poll(() => bubbles(page, 'visitor').first().getAttribute('data-delivery')).toBe('sent');
    expect(await bubbles(page, 'visitor').first().locator('.p-bubble').textContent()).toBe('Where is my order?');

    const conversation = latestConversation(server);
    postServerMessage(server.deps, { conversationId: conversation.id, authorType: 'agent', body: 'It ships **today**.' });
    await expect.poll(() => bubbles(page, 'agent').count()).toBe(1);
    expect(await bubbles(page, 'agent').locator('strong').textContent()).toBe('today');

    await page.reload();
    await openWidget(page);
    await expect.poll(() => bubbles(page, 'visitor').count()).toBe(1);
    await expect.poll(() => bubbles(page, 'agent').count()).toBe(1);

    const second = await context.newPage();
    await second.goto(`${server.url}/demo/`);
    await openWidget(second);
    await expect.poll(() => bubbles(second, 'agent').count()).toBe(1);
    postServerMessage(server.deps, { conversationId: conversation.id, authorType: 'bot', body: 'Anything else?' });
    await expect.poll(() => bubbles(page, 'bot').count()).toBe(1);
    await expect.poll(() => bubbles(second, 'bot').count()).toBe(1);

    expect(sql(server, 'select count(*) as n from messages where conversation_id = ?', conversation.id)).toEqual([{ n: 3 }]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
