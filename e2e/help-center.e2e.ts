import type { Page, Response } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FAQ } from '../server/src/demo/faq';
import { importArticles } from '../server/src/kb/articles';
import { demoSite } from '../server/test/helpers/agents';
import { seriousViolations } from './helpers/axe';
import { sql } from './helpers/db';
import { useServerAndBrowser } from './helpers/harness';
import { bubbles, collectProblems, composer, latestConversation, panel } from './helpers/widget';

const env = useServerAndBrowser();
const center = () => `${env.server.url}/help/pk_demo`;

// Tests start from an empty knowledge base (demo/seed.ts): the demo FAQ, published.
beforeAll(async () => {
  await importArticles(env.server.deps.db, (await demoSite(env.server)).id, DEMO_FAQ);
});

/** The pages `page` is served from now on: each a document, as the server answered it. */
function documents(page: Page): Response[] {
  const seen: Response[] = [];
  page.on('response', (r) => {
    if (r.request().resourceType() === 'document' && r.status() === 200) seen.push(r);
  });
  return seen;
}

describe('the public help center', () => {
  it('has no serious or critical axe-core violations on its home, a category, search results and an article', async () => {
    const [shipping] = await sql<{ id: string }>(env.server, "select id from articles where slug = 'shipping'");
    // axe goes in as a script, which the pages' CSP refuses, as it should.
    const context = await env.chromium.browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const found: Record<string, unknown[]> = {};
    for (const path of ['/', '/categories/orders', '/search?q=parcel', `/articles/${shipping!.id}`]) {
      await page.goto(`${center()}${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      found[path] = await seriousViolations(page, 'html');
    }
    await context.close();
    // Every page's findings in one failure.
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((path) => [path, []])));
  });

  it('works without JavaScript, and sends none: search, open a result, vote on it', async () => {
    const context = await env.chromium.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const served = documents(page);
    const heading = page.getByRole('heading', { level: 1 });
    await page.goto(`${center()}/`);
    expect(await page.locator('script').count()).toBe(0);

    await page.getByRole('searchbox', { name: 'Search the help center' }).fill('when will my parcel arrive');
    await page.getByRole('searchbox').press('Enter');
    await page.waitForURL(/\/search\?q=when\+will\+my\+parcel\+arrive$/);
    expect(await heading.textContent()).toMatch(/for “when will my parcel arrive”$/);
    expect(await page.locator('script').count()).toBe(0);

    await page.getByRole('link', { name: 'Shipping times' }).click();
    await page.waitForURL(/\/articles\/art_\w+-shipping-times$/);
    expect(await heading.textContent()).toBe('Shipping times');
    expect(await page.locator('script').count()).toBe(0);

    await page.getByRole('button', { name: 'Yes' }).click();
    await page.getByText('Thanks for your feedback!').waitFor();
    expect(await page.locator('script').count()).toBe(0);
    expect(await sql(env.server, "select helpful, not_helpful from articles where slug = 'shipping'")).toEqual([{ helpful: 1, not_helpful: 0 }]);

    // Home, search, article, the article after the vote: each forbids scripts outright.
    expect(served).toHaveLength(4);
    for (const res of served) {
      const csp = (await res.allHeaders())['content-security-policy'];
      expect(csp, res.url()).toMatch(/(?:^|;\s*)default-src 'none'(?:;|$)/);
      expect(csp, res.url()).not.toContain('script-src');
    }
    await context.close();
  });

  it('"Still need help? Chat with us" opens the widget on the site with the question, and the visit did not end in self-service', async () => {
    const context = await env.chromium.browser.newContext();
    const page = await context.newPage();
    const problems = collectProblems(page);
    await page.goto(`${center()}/search?q=${encodeURIComponent('can I pay with crypto')}`);
    await page.getByRole('link', { name: 'Chat with us' }).click();
    // The demo site's own origin (the first the site allows), its address' fragment read and dropped.
    await page.waitForURL((url) => url.origin === env.demo && url.hash === '');
    await panel(page).waitFor();
    await expect.poll(() => composer(page).inputValue()).toBe('can I pay with crypto');
    await composer(page).press('Enter');
    await expect.poll(() => bubbles(page, 'visitor').first().getAttribute('data-delivery')).toBe('sent');
    const { visitor_id } = await latestConversation(env.server);
    const visits = await sql<{ source: string; escalated: boolean; tied: boolean }>(
      env.server,
      'select source, escalated_at is not null as escalated, visitor_id = ? as tied from help_sessions where escalated_at is not null',
      visitor_id,
    );
    expect(visits.map((v) => [v.source, Boolean(v.escalated), Boolean(v.tied)])).toEqual([['page', true, true]]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
