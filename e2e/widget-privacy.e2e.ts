import { describe, expect, it } from 'vitest';
import { sql } from './helpers/db';
import { useServerAndBrowser } from './helpers/harness';
import { bubbles, collectProblems, composer, latestConversation, openWidget, sendAndWaitSent } from './helpers/widget';

const env = useServerAndBrowser();

const count = async (query: string, ...params: unknown[]) => Number(Object.values((await sql<Record<string, unknown>>(env.server, query, ...params))[0]!)[0]);
/** The demo site's settings with `privacy` replaced, for the length of `fn`. */
async function withPrivacy(privacy: object, fn: () => Promise<void>) {
  const [site] = await sql<{ settings: unknown }>(env.server, "select settings from sites where public_key = 'pk_demo'");
  const before = typeof site!.settings === 'string' ? site!.settings : JSON.stringify(site!.settings ?? {});
  await sql(env.server, "update sites set settings = ? where public_key = 'pk_demo'", JSON.stringify({ ...JSON.parse(before), privacy }));
  try {
    await fn();
  } finally {
    await sql(env.server, "update sites set settings = ? where public_key = 'pk_demo'", before);
  }
}

describe("the visitor's data, from the widget", () => {
  it('deletes the conversation history after a confirmation: the server holds nothing more, the widget starts afresh', async () => {
    const context = await env.chromium.browser.newContext();
    const page = await context.newPage();
    const problems = collectProblems(page);
    await page.goto(`${env.demo}/`);
    await openWidget(page);
    await sendAndWaitSent(page, 'My address is 12 Quay Street');
    const { id: conversationId, visitor_id: visitorId } = await latestConversation(env.server);
    const token = await page.evaluate(() => (JSON.parse(localStorage.getItem('parley:pk_demo') ?? '{}') as { token: string }).token);
    expect(await count('select count(*) from messages where conversation_id = ?', conversationId)).toBeGreaterThan(0);

    const widget = page.locator('parley-widget');
    await widget.getByRole('button', { name: 'Past conversations' }).click();
    await widget.getByRole('heading', { name: 'Your data' }).waitFor();
    await widget.getByRole('button', { name: 'Delete my conversation history' }).click();
    const confirm = widget.getByRole('group', { name: 'This permanently deletes your conversations and what you told us.' });
    // The safe choice has the focus: a second Enter cancels rather than deletes.
    await expect.poll(() => confirm.getByRole('button', { name: 'Cancel' }).evaluate((e) => (e.getRootNode() as ShadowRoot).activeElement === e)).toBe(true);
    await confirm.getByRole('button', { name: 'Delete', exact: true }).click();
    await widget.getByText('Your conversation history was deleted.').waitFor();

    // Gone on the server: the visitor, their conversations and messages; their token opens nothing.
    expect(await count('select count(*) from visitors where id = ?', visitorId)).toBe(0);
    expect(await count('select count(*) from conversations where visitor_id = ?', visitorId)).toBe(0);
    expect(await count('select count(*) from messages where conversation_id = ?', conversationId)).toBe(0);
    const profile = await fetch(`${env.server.url}/v1/widget/visitor`, { headers: { authorization: `Bearer ${token}`, origin: env.demo } });
    expect(profile.status).toBe(401);

    // Fresh in the widget: nothing stored, an empty chat, and the next message is a new visitor's.
    expect(await page.evaluate(() => localStorage.getItem('parley:pk_demo'))).toBeNull();
    expect(await bubbles(page, 'visitor').count()).toBe(0);
    expect(await widget.getByRole('button', { name: 'Past conversations' }).isVisible()).toBe(true);
    await sendAndWaitSent(page, 'Hello again');
    expect((await latestConversation(env.server)).visitor_id).not.toBe(visitorId);
    expect(await widget.getByText('Your conversation history was deleted.').count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('consent before the first message', () => {
  it('holds the message until the visitor ticks the box, then sends it and records the consent', async () => {
    const text = 'We keep this chat for 30 days. <b>Not bold</b>';
    await withPrivacy({ consent: { required: true, text, version: 2 } }, async () => {
      const context = await env.chromium.browser.newContext();
      const page = await context.newPage();
      const problems = collectProblems(page);
      const visitorsBefore = await count('select count(*) from visitors');
      await page.goto(`${env.demo}/`);
      await openWidget(page);
      const widget = page.locator('parley-widget');
      await widget.getByText(text).waitFor();
      const box = widget.getByRole('checkbox', { name: 'I agree' });
      expect(await box.isChecked()).toBe(false);

      await composer(page).fill('Can I return shoes?');
      expect(await widget.locator('.p-send').isDisabled()).toBe(true);
      await composer(page).press('Enter');
      await expect.poll(() => box.evaluate((e) => (e.getRootNode() as ShadowRoot).activeElement === e)).toBe(true);
      expect(await bubbles(page, 'visitor').count()).toBe(0);
      expect(await count('select count(*) from visitors')).toBe(visitorsBefore);

      await box.check();
      await widget.locator('.p-send').click();
      await expect.poll(() => bubbles(page, 'visitor').first().getAttribute('data-delivery')).toBe('sent');
      await expect.poll(() => widget.locator('.p-consent').count()).toBe(0);
      const { visitor_id: visitorId } = await latestConversation(env.server);
      expect(await sql(env.server, 'select version, text from consent_records where visitor_id = ?', visitorId)).toEqual([{ version: 2, text }]);

      // A reload remembers the consent: no box, and the next message goes straight out.
      await page.reload();
      await openWidget(page);
      await bubbles(page, 'visitor').first().waitFor();
      expect(await widget.locator('.p-consent').count()).toBe(0);
      expect(problems).toEqual([]);
      await context.close();
    });
  });
});
