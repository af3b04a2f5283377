import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FAQ } from '../server/src/demo/faq';
import { importArticles } from '../server/src/kb/articles';
import { demoSite } from '../server/test/helpers/agents';
import { seriousViolations } from './helpers/axe';
import { sql } from './helpers/db';
import { useServerAndBrowser } from './helpers/harness';
import { bubbles, collectProblems, composer, latestConversation, openWidget, sendAndWaitSent } from './helpers/widget';

const env = useServerAndBrowser();
const widget = (page: Page) => page.locator('parley-widget');

// Tests start from an empty knowledge base (demo/seed.ts): the demo FAQ, published.
beforeAll(async () => {
  await importArticles(env.server.deps.db, (await demoSite(env.server)).id, DEMO_FAQ);
});

/** The demo site's settings with `helpCenter` replaced, for the length of `fn`. */
async function withHelpCenter(helpCenter: object, fn: () => Promise<void>) {
  const [site] = await sql<{ settings: unknown }>(env.server, "select settings from sites where public_key = 'pk_demo'");
  const before = typeof site!.settings === 'string' ? site!.settings : JSON.stringify(site!.settings ?? {});
  await sql(env.server, "update sites set settings = ? where public_key = 'pk_demo'", JSON.stringify({ ...JSON.parse(before), helpCenter }));
  try {
    await fn();
  } finally {
    await sql(env.server, "update sites set settings = ? where public_key = 'pk_demo'", before);
  }
}

/** Types into the Help search and opens the result titled `title`. */
async function searchAndOpen(page: Page, query: string, title: string) {
  await widget(page).getByRole('searchbox', { name: 'Search the help center' }).fill(query);
  await widget(page).getByRole('button', { name: new RegExp(`^${title}`) }).click();
  await widget(page).getByRole('heading', { name: title }).waitFor();
}

describe('the Help view in the widget', () => {
  it('opens first when the site says so: a search, an article, and "Chat with us" starts a conversation with the question', async () => {
    await withHelpCenter({ launcherOpens: 'help' }, async () => {
      const context = await env.chromium.browser.newContext();
      const page = await context.newPage();
      const problems = collectProblems(page);
      await page.goto(`${env.demo}/`);
      await openWidget(page);
      const help = widget(page).getByRole('tab', { name: 'Help' });
      expect(await help.getAttribute('aria-selected')).toBe('true');
      await widget(page).getByRole('heading', { name: 'Categories' }).waitFor();
      const center = widget(page).getByRole('link', { name: 'Open the full help center' });
      expect([await center.getAttribute('target'), await center.getAttribute('rel')]).toEqual(['_blank', 'noopener noreferrer']);

      await searchAndOpen(page, 'when will my parcel arrive', 'Shipping times');
      await widget(page).getByRole('article').getByText(/Delivery takes 2–4 days/).waitFor();
      // No visitor yet: a vote needs one, so the question is not asked.
      expect(await widget(page).getByText('Was this helpful?').count()).toBe(0);
      const visitors = await sql<{ n: number }>(env.server, 'select count(*) as n from visitors');

      await widget(page).getByRole('button', { name: 'Chat with us' }).click();
      expect(await widget(page).getByRole('tab', { name: 'Chat' }).getAttribute('aria-selected')).toBe('true');
      await expect.poll(() => composer(page).inputValue()).toBe('About: Shipping times');
      expect(await sql<{ n: number }>(env.server, 'select count(*) as n from visitors')).toEqual(visitors);
      await composer(page).press('Enter');
      await expect.poll(() => bubbles(page, 'visitor').first().getAttribute('data-delivery')).toBe('sent');
      const { id } = await latestConversation(env.server);
      const [first] = await sql<{ body: string }>(env.server, "select body from messages where conversation_id = ? and author_type = 'visitor' order by id limit 1", id);
      expect(first!.body).toBe('About: Shipping times');
      expect(problems).toEqual([]);
      await context.close();
    });
  });

  it("records a visitor's vote on an article once they have a session", async () => {
    const context = await env.chromium.browser.newContext();
    const page = await context.newPage();
    const problems = collectProblems(page);
    await page.goto(`${env.demo}/`);
    await openWidget(page);
    expect(await widget(page).getByRole('tab', { name: 'Chat' }).getAttribute('aria-selected')).toBe('true');
    await sendAndWaitSent(page, 'Hello');
    const { visitor_id: visitorId } = await latestConversation(env.server);

    await widget(page).getByRole('tab', { name: 'Help' }).click();
    await searchAndOpen(page, 'opening hours', 'When is the team available?');
    const vote = widget(page).getByRole('group', { name: 'Was this helpful?' });
    await vote.getByRole('button', { name: 'Yes' }).click();
    await widget(page).getByText('Thanks for your feedback!').waitFor();
    await expect
      .poll(() => sql(env.server, 'select a.slug, f.helpful from article_feedback f join articles a on a.id = f.article_id where f.visitor_id = ?', visitorId))
      .toEqual([{ slug: 'opening-hours', helpful: 1 }]);
    expect(await seriousViolations(page)).toEqual([]);
    await widget(page).getByRole('button', { name: 'Back' }).click();
    // Back to the search as it was left.
    await widget(page).getByRole('button', { name: /^When is the team available\?/ }).waitFor();
    expect(await widget(page).getByRole('searchbox').inputValue()).toBe('opening hours');
    expect(await seriousViolations(page)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
