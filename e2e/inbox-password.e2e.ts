import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../server/test/helpers/handoff';
import { OWNER } from '../server/test/helpers/inbox-client';
import { useServerAndBrowser } from './helpers/harness';
import { submitLogIn } from './helpers/inbox';

// Without SMTP_URL the reset mail is written here, where the test reads its link.
const outbox = mkdtempSync(join(tmpdir(), 'parley-e2e-outbox-'));
const env = useServerAndBrowser({ PARLEY_OUTBOX_DIR: outbox });
afterAll(() => rmSync(outbox, { recursive: true, force: true }));

/** The mail's text as written: long lines are folded and `=` escaped in the .eml. */
const quotedPrintable = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

const signedIn = async (page: Page, password: string) => {
  await submitLogIn(page, `${env.server.url}/inbox/`, password);
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
};

describe("the owner's password", () => {
  it('is changed on the Profile page, which signs their other browser out at once', async () => {
    const [here, elsewhere] = [await (await env.chromium.browser.newContext()).newPage(), await (await env.chromium.browser.newContext()).newPage()];
    await signedIn(here, OWNER.password);
    await signedIn(elsewhere, OWNER.password);

    await here.getByRole('link', { name: 'Profile' }).click();
    await here.getByLabel('Current password').fill(OWNER.password);
    await here.getByLabel('New password (at least 10 characters)').fill('changed-in-profile');
    await here.getByLabel('Repeat the new password').fill('changed-in-profile');
    await here.getByRole('button', { name: 'Change password' }).click();
    await here.getByRole('status').filter({ hasText: 'Password changed' }).waitFor();

    // No click, no request: the stream's session.ended brings the other browser back to the login form.
    await elsewhere.getByRole('status').filter({ hasText: 'Your session has ended' }).waitFor();
    expect(await elsewhere.getByRole('button', { name: 'Log in' }).count()).toBe(1);
    expect(await here.getByRole('navigation', { name: 'Main' }).count()).toBe(1);
    await here.context().close();
    await elsewhere.context().close();
  });

  it('is reset by the link mailed from "Forgot your password?", which works once', async () => {
    const page = await env.chromium.browser.newPage();
    await page.goto(`${env.server.url}/inbox/`);
    await page.getByRole('button', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByRole('button', { name: 'Mail me a reset link' }).click();
    await page.getByRole('status').filter({ hasText: 'is on its way' }).waitFor();

    const mail = await eventually(() => readdirSync(outbox).find((f) => f.endsWith('.eml')), 'the reset mail');
    const link = /(http:\S+\/inbox\/reset#[\w-]+)/.exec(quotedPrintable(readFileSync(join(outbox, mail), 'utf8')))![1]!;
    await page.goto(link);
    await page.getByLabel('New password (at least 10 characters)').fill('chosen-from-the-mail');
    await page.getByLabel('Repeat the new password').fill('chosen-from-the-mail');
    await page.getByRole('button', { name: 'Set the password' }).click();
    await page.getByRole('status').filter({ hasText: 'Your new password is set' }).waitFor();
    await page.getByRole('button', { name: 'Log in' }).click();
    await signedIn(page, 'chosen-from-the-mail');

    await page.goto(link);
    await page.getByLabel('New password (at least 10 characters)').fill('a-second-try-here');
    await page.getByLabel('Repeat the new password').fill('a-second-try-here');
    await page.getByRole('button', { name: 'Set the password' }).click();
    await page.getByRole('alert').filter({ hasText: 'not valid any more' }).waitFor();
    await page.close();
  });
});
