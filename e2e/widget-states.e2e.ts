import { describe, expect, it } from 'vitest';
import { postServerMessage } from '../server/src/conversations/commands';
import { changeConversation } from '../server/src/conversations/change';
import { markRead } from '../server/src/conversations/visitor-actions';
import { visitorTopic } from '../server/src/realtime/event-bus';
import { useServerAndBrowser } from './helpers/harness';
import { sql } from './helpers/db';
import { bubbles, latestConversation, launcher, openWidget, panel, sendAndWaitSent, sendMessage } from './helpers/widget';

const env = useServerAndBrowser();
const system = { type: 'system', agentId: null } as const;

describe('a failing or slow server', () => {
  it('never throws into the page: an unknown site key gives one console.warn and no widget', async () => {
    const page = await env.chromium.browser.newPage();
    const errors: string[] = [];
    const warnings: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => (m.type() === 'warning' ? warnings : m.type() === 'error' ? errors : []).push(m.text()));
    // Made up in the test, so on Parley's own origin: Chromium counts a page no server sent as
    // public, and keeps a public page on another origin from loading anything on loopback.
    await page.route(`${env.server.url}/broken.html`, (r) =>
      r.fulfill({ contentType: 'text/html', body: '<!doctype html><h1>Shop</h1><script async src="/widget.js" data-site="pk_missing"></script>' }),
    );
    await page.goto(`${env.server.url}/broken.html`);
    await page.waitForFunction(() => typeof (window as { Parley?: unknown }).Parley === 'function');
    await page.evaluate(() => (window as unknown as { Parley: (...a: unknown[]) => void }).Parley('open'));
    await expect.poll(() => warnings.length).toBe(1);
    expect(warnings[0]).toContain('[parley] widget config failed (HTTP 404)');
    expect(await page.locator('parley-widget').count()).toBe(0);
    // The 404 itself is the browser's network log line, not an exception in the page.
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
    await page.close();
  });

  it('does not hold up the page: load fires while the widget is still waiting for the server', async () => {
    const page = await env.chromium.browser.newPage();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/v1/widget/config*', async (r) => {
      await held;
      await r.continue();
    });
    await page.goto(`${env.demo}/`, { waitUntil: 'load' });
    expect(await page.evaluate(() => document.readyState)).toBe('complete');
    release();
    await launcher(page).waitFor();
    await page.close();
  });
});

describe('conversation states', () => {
  it('shows the unread badge while closed, typing dots, "Seen", then a rating when the chat ends', async () => {
    const page = await env.chromium.browser.newPage();
    await page.goto(`${env.demo}/`);
    await page.evaluate(() => {
      const w = window as unknown as { Parley: (...a: unknown[]) => void; unread: number[] };
      w.unread = [];
      w.Parley('on', 'unread', (n: number) => w.unread.push(n));
    });
    await openWidget(page);
    await sendAndWaitSent(page, 'Is anyone there?');
    const conversation = await latestConversation(env.server);

    env.server.deps.bus.publish([visitorTopic(conversation.visitor_id)], { type: 'typing', conversationId: conversation.id, author: 'agent', isTyping: true });
    await page.locator('parley-widget .p-typing').waitFor();
    const [sent] = await sql<{ id: number }>(env.server, 'select id from messages where conversation_id = ? order by id desc limit 1', conversation.id);
    await markRead(env.server.deps, conversation as never, 'agent', sent!.id);
    await expect.poll(() => bubbles(page, 'visitor').first().locator('.p-state').textContent()).toBe('Seen');

    await page.keyboard.press('Escape');
    await panel(page).waitFor({ state: 'hidden' });
    await postServerMessage(env.server.deps, { conversationId: conversation.id, authorType: 'agent', body: 'Yes, Sam here.' });
    await expect.poll(() => page.locator('parley-widget .p-badge').textContent()).toBe('1');
    expect(await page.locator('parley-widget .p-typing').count()).toBe(0);
    await openWidget(page);
    await page.locator('parley-widget .p-badge').waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => (window as unknown as { unread: number[] }).unread)).toEqual([1, 0]);
    await expect
      .poll(async () => (await sql<{ r: number }>(env.server, 'select visitor_last_read_id as r from conversations where id = ?', conversation.id))[0]?.r)
      .toBeGreaterThan(sent!.id);

    await changeConversation(env.server.deps, conversation.id, { status: 'resolved' }, system);
    await page.locator('parley-widget .p-rating').waitFor();
    await page.locator('parley-widget .p-star').nth(3).click();
    await page.locator('parley-widget .p-rating textarea').fill('Quick and kind');
    await page.locator('parley-widget .p-rating button[type=submit]').click();
    await page.locator('parley-widget .p-banner .p-note').waitFor();
    expect(await sql(env.server, 'select rating, rating_comment as c from conversations where id = ?', conversation.id)).toEqual([
      { rating: 4, c: 'Quick and kind' },
    ]);

    await page.locator('parley-widget').getByRole('button', { name: 'New conversation' }).click();
    await sendAndWaitSent(page, 'A new question');
    await page.locator('parley-widget').getByRole('button', { name: 'Past conversations' }).click();
    await expect.poll(() => page.locator('parley-widget .p-conv').count()).toBe(2);
    await page.close();
  });

  it('shows the place in line after "Talk to a person" while agents are online but busy', async () => {
    // An online agent with no free slot: the conversation stays queued.
    await sql(env.server, "update agents set presence = 'online', max_chats = 0");
    const page = await env.chromium.browser.newPage();
    await page.goto(`${env.demo}/`);
    await openWidget(page);
    await sendAndWaitSent(page, 'I need a human');
    const { id } = await latestConversation(env.server);
    await postServerMessage(env.server.deps, {
      conversationId: id,
      authorType: 'bot',
      body: 'Shall I get a person?',
      meta: { kind: 'offer_handoff', offerHandoff: true },
    });
    await page.locator('parley-widget').getByRole('button', { name: 'Talk to a person' }).click();
    await expect.poll(() => page.locator('parley-widget .p-banner').textContent()).toContain('You are number 1 in line.');
    await sql(env.server, "update agents set presence = 'offline', max_chats = 5");
    await page.close();
  });

  it('marks a message the server keeps refusing as failed, and Retry sends it once it can', async () => {
    const page = await env.chromium.browser.newPage();
    await page.goto(`${env.demo}/`);
    await openWidget(page);
    await sendAndWaitSent(page, 'First');
    await page.route('**/v1/widget/conversations/*/messages', (r) =>
      r.request().method() === 'POST'
        ? r.fulfill({ status: 503, contentType: 'application/json', body: '{"error":{"code":"internal","message":"down"}}' })
        : r.continue(),
    );
    await sendMessage(page, 'Second');
    await expect.poll(() => bubbles(page, 'visitor').nth(1).getAttribute('data-delivery'), { timeout: 15_000 }).toBe('failed');
    await page.unroute('**/v1/widget/conversations/*/messages');
    await bubbles(page, 'visitor').nth(1).getByRole('button', { name: 'Retry' }).click();
    await expect.poll(() => bubbles(page, 'visitor').nth(1).getAttribute('data-delivery')).toBe('sent');
    const { id } = await latestConversation(env.server);
    expect(await sql(env.server, "select count(*) as n from messages where conversation_id = ? and body = 'Second'", id)).toEqual([{ n: 1 }]);
    await page.close();
  });

  it('forgets the visitor on Parley("reset")', async () => {
    const page = await env.chromium.browser.newPage();
    await page.goto(`${env.demo}/`);
    await openWidget(page);
    await sendAndWaitSent(page, 'Before logout');
    await page.evaluate(() => (window as unknown as { Parley: (c: string) => void }).Parley('reset'));
    await expect.poll(() => bubbles(page, 'visitor').count()).toBe(0);
    expect(await page.evaluate(() => localStorage.getItem('parley:pk_demo'))).toBeNull();
    await page.reload();
    await openWidget(page);
    expect(await bubbles(page, 'visitor').count()).toBe(0);
    await page.close();
  });
});
