import { describe, expect, it } from 'vitest';
import { saveAvatar } from '../server/src/avatars/avatars';
import { postServerMessage } from '../server/src/conversations/commands';
import { PNG } from '../server/test/helpers/images';
import { createArticle } from '../server/src/kb/articles';
import { seriousViolations } from './helpers/axe';
import { useServerAndBrowser } from './helpers/harness';
import { sql } from './helpers/db';
import { bubbles, latestConversation, launcher, openWidget, panel, sendAndWaitSent } from './helpers/widget';

const env = useServerAndBrowser();

/** The class of the element focused inside the widget's shadow root, if any. */
const focused = (page: import('playwright-core').Page) =>
  page.evaluate(() => document.querySelector('parley-widget')?.shadowRoot?.activeElement?.className ?? null);

describe('accessibility', () => {
  it('works with the keyboard alone: Tab to the launcher, Enter opens, type and Enter sends, Esc closes', async () => {
    const page = await env.chromium.browser.newPage();
    await page.goto(`${env.demo}/`);
    await launcher(page).waitFor();
    for (let i = 0; i < 20 && (await focused(page)) !== 'p-launcher'; i++) await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('p-launcher');
    await page.keyboard.press('Enter');
    await panel(page).waitFor({ state: 'visible' });
    await expect.poll(() => focused(page)).toBe('p-input');
    await page.keyboard.type('Typed with the keyboard');
    await page.keyboard.press('Enter');
    await expect.poll(() => bubbles(page, 'visitor').first().getAttribute('data-delivery')).toBe('sent');
    await page.keyboard.press('Escape');
    await panel(page).waitFor({ state: 'hidden' });
    expect(await focused(page)).toBe('p-launcher');
    expect(await launcher(page).getAttribute('aria-expanded')).toBe('false');
    await page.close();
  });

  it("has no serious or critical axe-core violations in the open widget, with a bot answer and its parts and an agent's photo", async () => {
    const [owner] = await sql<{ id: string }>(env.server, "select id from agents where role = 'owner' limit 1");
    await saveAvatar(env.server.deps.db, owner!.id, PNG, 'image/png');
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await env.chromium.browser.newPage({ colorScheme });
      await page.goto(`${env.demo}/`);
      await openWidget(page);
      await sendAndWaitSent(page, 'How do I return boots?');
      await postServerMessage(env.server.deps, {
        conversationId: (await latestConversation(env.server)).id,
        authorType: 'bot',
        body: 'You can return them within **30 days**:\n\n- print the label\n- drop the parcel off\n\n[Returns policy](https://example.com/returns)',
        meta: {
          kind: 'answer',
          sources: [{ id: 'a1', title: 'Returns' }],
          suggestions: [{ label: 'Exchange instead' }],
          askFeedback: true,
          offerHandoff: true,
        },
      });
      await expect.poll(() => bubbles(page, 'bot').count()).toBe(1);
      await postServerMessage(env.server.deps, {
        conversationId: (await latestConversation(env.server)).id,
        authorType: 'agent',
        authorAgentId: owner!.id,
        body: 'Ada here, happy to help.',
      });
      await bubbles(page, 'agent').locator('img.p-avatar').waitFor();
      expect(await seriousViolations(page), colorScheme).toEqual([]);
      await page.close();
    }
  });
});

describe('bot message parts', () => {
  it('renders the source card, chips, feedback and "Talk to a person" from message meta, and acts on them', async () => {
    const page = await env.chromium.browser.newPage();
    await page.goto(`${env.demo}/`);
    await openWidget(page);
    await sendAndWaitSent(page, 'Shipping?');
    const conversation = await latestConversation(env.server);
    const [{ site_id: siteId }] = (await sql<{ site_id: string }>(env.server, 'select site_id from conversations where id = ?', conversation.id)) as [
      { site_id: string },
    ];
    const article = await createArticle(env.server.deps.db, siteId, {
      title: 'Shipping times',
      body: 'Orders ship within **2 days**.',
      phrasings: [],
      category: null,
      locale: null,
      status: 'published',
    });
    const answer = await postServerMessage(env.server.deps, {
      conversationId: conversation.id,
      authorType: 'bot',
      body: 'We ship in 2 days. <img src=x onerror=alert(1)> [Track](javascript:alert(1))',
      meta: {
        kind: 'answer',
        sources: [{ id: article.id, title: 'Shipping times' }],
        suggestions: [{ label: 'International?' }],
        askFeedback: true,
        offerHandoff: true,
      },
    });
    const bot = bubbles(page, 'bot').first();
    await bot.waitFor();
    expect(await bot.locator('.p-bubble').textContent()).toContain('<img src=x onerror=alert(1)>');
    expect(await bot.locator('img, a[href^="javascript"]').count()).toBe(0);
    expect(await bot.locator('.p-source-t').textContent()).toBe('Shipping times');
    await bot.locator('.p-source-head').click();
    expect(await bot.locator('.p-article strong').textContent()).toBe('2 days');

    await bot.getByRole('button', { name: 'Yes' }).click();
    await bot.locator('.p-note').waitFor();
    expect(await sql(env.server, 'select helpful from message_feedback where message_id = ?', answer.id)).toEqual([{ helpful: 1 }]);

    await bot.getByRole('button', { name: 'International?' }).click();
    await expect.poll(() => bubbles(page, 'visitor').count()).toBe(2);

    await postServerMessage(env.server.deps, {
      conversationId: conversation.id,
      authorType: 'bot',
      body: 'Shall I get a person?',
      meta: { kind: 'offer_handoff', offerHandoff: true },
    });
    await page.locator('parley-widget').getByRole('button', { name: 'Talk to a person' }).click();
    await page.locator('parley-widget .p-banner').waitFor();
    expect(await sql(env.server, 'select status from conversations where id = ?', conversation.id)).toEqual([{ status: 'queued' }]);
    // Nobody is online in the test: the offline path asks for an email.
    expect(await page.locator('parley-widget .p-banner label').textContent()).toContain('Leave your email');
    await page.close();
  });
});
