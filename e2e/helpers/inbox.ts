import type { Page } from 'playwright-core';
import { OWNER } from '../../server/test/helpers/inbox-client';

/** Opens `url` (the inbox, or a deep link into it) and submits the login form as the owner. */
export async function submitLogIn(page: Page, url: string, password = OWNER.password) {
  await page.goto(url);
  await page.getByLabel('Email').fill(OWNER.email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** Logs in to the inbox at `url` as the owner and waits for the app to show. */
export async function logIn(page: Page, url: string) {
  await submitLogIn(page, url);
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}
