import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { OWNER } from '../../server/test/helpers/inbox-client';
import type { TestServer } from '../../server/test/helpers/test-server';
import { sql } from './db';

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

/**
 * Leaves the logged-in owner online (the inbox's stream is open) with capacity 0: routing
 * then keeps a handed-off conversation in the queue instead of assigning it at once.
 */
export async function ownerOnlineWithNoFreeSlot(server: TestServer) {
  await sql(server, 'update agents set max_chats = 0 where email = ?', OWNER.email);
  await expect
    .poll(async () => (await sql<{ presence: string }>(server, 'select presence from agents where email = ?', OWNER.email))[0]?.presence)
    .toBe('online');
}
