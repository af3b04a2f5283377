import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeConversation } from '../server/src/conversations/change';
import { startSmtpServer } from '../server/test/helpers/smtp';
import { useServerAndBrowser } from './helpers/harness';
import { collectProblems, latestConversation, openWidget, sendAndWaitSent } from './helpers/widget';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
const serverEnv: Record<string, string> = {};
// Registered before the harness's own beforeAll, so the server starts with the mail server's URL.
beforeAll(async () => {
  smtp = await startSmtpServer();
  serverEnv.SMTP_URL = smtp.url;
});
const env = useServerAndBrowser(serverEnv);
afterAll(() => smtp?.close());

describe('the transcript by email', () => {
  it('is offered after the rating, prefilled with the known email, checked inline, and confirmed once sent', async () => {
    const page = await env.chromium.browser.newPage();
    const problems = collectProblems(page);
    await page.goto(`${env.demo}/`);
    await page.evaluate(() => (window as unknown as { Parley: (...a: unknown[]) => void }).Parley('update', { email: 'ada@example.com' }));
    await openWidget(page);
    await sendAndWaitSent(page, 'Where is my <b>order</b>?');
    await changeConversation(env.server.deps, (await latestConversation(env.server)).id, { status: 'resolved' }, { type: 'system', agentId: null });

    const widget = page.locator('parley-widget');
    await widget.locator('.p-star').nth(4).click();
    await widget.locator('.p-rating button[type=submit]').click();
    await widget.getByText('Thanks for your rating!').waitFor();
    await widget.getByRole('button', { name: 'Email me the transcript' }).click();
    const field = widget.getByLabel('Send the transcript to');
    await expect.poll(() => field.inputValue()).toBe('ada@example.com');
    // Focused once the form has rendered: in the browser's time, not the value's.
    await expect.poll(() => field.evaluate((e) => (e.getRootNode() as ShadowRoot).activeElement === e)).toBe(true);
    const send = widget.locator('.p-email button[type=submit]');

    await field.fill('ada@example');
    await send.click();
    expect(await widget.getByRole('alert').textContent()).toBe('Enter an email address like name@example.com.');
    expect(await field.getAttribute('aria-invalid')).toBe('true');

    await field.fill('grace@example.com');
    await send.click();
    await widget.getByText('Transcript sent to grace@example.com.').waitFor();
    expect(smtp.mails.map((m) => m.to)).toEqual([['grace@example.com']]);
    expect(smtp.mails[0]!.html).toContain('Where is my &#60;b&#62;order&#60;/b&#62;?');
    expect(problems).toEqual([]);
    await page.close();
  });
});
