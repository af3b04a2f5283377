import { describe, expect, it } from 'vitest';
import { postServerMessage } from '../server/src/conversations/commands';
import { useServerAndBrowser } from './helpers/harness';
import { sql } from './helpers/db';
import { bubbles, collectProblems, composer, latestConversation, openWidget, sendAndWaitSent, sendMessage } from './helpers/widget';

const env = useServerAndBrowser();

describe('chatting from the demo page', () => {
  it('sends a message, shows it sent, receives a live reply, keeps the history on reload and in a second tab', async () => {
    const context = await env.chromium.browser.newContext();
    const page = await context.newPage();
    const problems = collectProblems(page);
    await page.goto(`${env.demo}/`);
    await openWidget(page);
    await sendAndWaitSent(page, 'Where is my order?');
    expect(await bubbles(page, 'visitor').first().locator('.p-bubble').textContent()).toBe('Where is my order?');

    const conversation = await latestConversation(env.server);
    await postServerMessage(env.server.deps, { conversationId: conversation.id, authorType: 'agent', body: 'It ships **today**.' });
    await expect.poll(() => bubbles(page, 'agent').count()).toBe(1);
    expect(await bubbles(page, 'agent').locator('strong').textContent()).toBe('today');

    await page.reload();
    await openWidget(page);
    await expect.poll(() => bubbles(page, 'visitor').count()).toBe(1);
    await expect.poll(() => bubbles(page, 'agent').count()).toBe(1);

    const second = await context.newPage();
    await second.goto(`${env.demo}/`);
    await openWidget(second);
    await expect.poll(() => bubbles(second, 'agent').count()).toBe(1);
    await postServerMessage(env.server.deps, { conversationId: conversation.id, authorType: 'bot', body: 'Anything else?' });
    await expect.poll(() => bubbles(page, 'bot').count()).toBe(1);
    await expect.poll(() => bubbles(second, 'bot').count()).toBe(1);

    expect(await sql(env.server, 'select count(*) as n from messages where conversation_id = ?', conversation.id)).toEqual([{ n: 3 }]);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('going offline', () => {
  it('queues two messages typed offline and delivers each exactly once on reconnect', async () => {
    const context = await env.chromium.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${env.demo}/`);
    await openWidget(page);
    await sendAndWaitSent(page, 'Before the tunnel');
    const conversation = await latestConversation(env.server);

    await context.setOffline(true);
    await page.locator('parley-widget .p-offline').waitFor();
    await sendMessage(page, 'Typed offline, one');
    await sendMessage(page, 'Typed offline, two');
    expect(await bubbles(page, 'visitor').evaluateAll((els) => els.map((e) => e.getAttribute('data-delivery')))).toEqual(['sent', 'sending', 'sending']);
    await context.setOffline(false);
    await expect.poll(() => bubbles(page, 'visitor').evaluateAll((els) => els.map((e) => e.getAttribute('data-delivery')))).toEqual(['sent', 'sent', 'sent']);
    const rows = await sql<{ body: string }>(env.server, 'select body from messages where conversation_id = ? order by id', conversation.id);
    expect(rows.map((r) => r.body)).toEqual(['Before the tunnel', 'Typed offline, one', 'Typed offline, two']);

    // The stream resumed too: a reply after the reconnect arrives live.
    await postServerMessage(env.server.deps, { conversationId: conversation.id, authorType: 'agent', body: 'Welcome back' });
    await expect.poll(() => bubbles(page, 'agent').count()).toBe(1);
    await context.close();
  });
});

describe('the pre-chat contact form', () => {
  it('shows inline errors for missing and malformed fields, then starts the chat with the contact saved', async () => {
    const settings = {
      contactFields: { name: 'required', email: 'required', phone: 'optional' },
      texts: { title: 'Parley demo', greeting: 'Hi!', privacyUrl: 'https://example.com/privacy' },
    };
    await sql(env.server, "update sites set settings = ? where public_key = 'pk_demo'", JSON.stringify(settings));
    const context = await env.chromium.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${env.demo}/`);
    await openWidget(page);
    const form = page.locator('parley-widget .p-form');
    expect(await page.locator('parley-widget .p-privacy a').getAttribute('href')).toBe('https://example.com/privacy');
    await form.locator('[name=email]').fill('not-an-email');
    await form.locator('[name=phone]').fill('12');
    await form.locator('button[type=submit]').click();
    // Preact renders the errors on a later tick than the click: poll, never read once.
    await expect
      .poll(() => form.locator('.p-error').allTextContents())
      .toEqual(['Please fill in this field.', 'Enter an email address like name@example.com.', 'Enter a phone number like +1 555 010 0000.']);
    expect(await form.locator('[name=name]').getAttribute('aria-invalid')).toBe('true');

    await form.locator('[name=name]').fill('Ada Lovelace');
    await form.locator('[name=email]').fill('ada@example.com');
    await form.locator('[name=phone]').fill('');
    await form.locator('button[type=submit]').click();
    await composer(page).waitFor();
    await sendAndWaitSent(page, 'Hello from Ada');
    const [visitor] = await sql(env.server, 'select name, email, phone from visitors order by created_at desc limit 1');
    expect(visitor).toEqual({ name: 'Ada Lovelace', email: 'ada@example.com', phone: null });
    await sql(env.server, "update sites set settings = '{}' where public_key = 'pk_demo'");
    await context.close();
  });
});
