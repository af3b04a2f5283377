import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { TestServer } from '../../server/test/helpers/test-server';
import { sql } from './db';

/*
 * Locators into the widget's shadow root (playwright's CSS engine pierces open shadow
 * roots), and server-side peeks at what the database holds.
 */
export const launcher = (page: Page) => page.locator('parley-widget .p-launcher');
export const panel = (page: Page) => page.locator('parley-widget .p-panel');
export const composer = (page: Page) => page.locator('parley-widget .p-input').first();
export const bubbles = (page: Page, author: 'visitor' | 'bot' | 'agent' | 'system') => page.locator(`parley-widget .p-log .p-${author}:not(.p-greeting)`);

export async function openWidget(page: Page): Promise<void> {
  await launcher(page).click();
  await panel(page).waitFor({ state: 'visible' });
}

export async function sendMessage(page: Page, text: string): Promise<void> {
  await composer(page).fill(text);
  await composer(page).press('Enter');
}

/** Sends the conversation's first visitor message and waits until the server has it. */
export async function sendAndWaitSent(page: Page, text: string): Promise<void> {
  await sendMessage(page, text);
  await expect.poll(() => bubbles(page, 'visitor').first().getAttribute('data-delivery')).toBe('sent');
}

/** Collects console errors, page errors and CSP violations for a later `toEqual([])`. */
export function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || (m.type() === 'warning' && m.text().includes('[parley]'))) problems.push(`${m.type()}: ${m.text()}`);
  });
  return problems;
}

/** The newest conversation in the database (the one the test's widget just started). */
export async function latestConversation(server: TestServer): Promise<{ id: string; visitor_id: string }> {
  const [row] = await sql<{ id: string; visitor_id: string }>(server, 'select id, visitor_id from conversations order by created_at desc, rowid desc limit 1');
  if (!row) throw new Error('no conversation yet');
  return row;
}
