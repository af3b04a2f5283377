import { describe, expect, it } from 'vitest';
import type { Article, ArticleList, Message } from '../packages/protocol/src';
import { InboxClient } from '../server/test/helpers/inbox-client';
import { VisitorClient } from '../server/test/helpers/visitor-client';
import { importArticles } from '../server/src/kb/articles';
import { DEMO_FAQ } from '../server/src/demo/faq';
import { demoSite } from '../server/test/helpers/agents';
import { useServerAndBrowser } from './helpers/harness';
import { logIn } from './helpers/inbox';

const env = useServerAndBrowser({ PARLEY_BOT: 'on' });

const QUESTION = 'is anybody staffing the desk tomorrow morning';

/** A visitor asks in a fresh conversation; returns the bot's reply once it is written. */
async function ask(body: string): Promise<Message> {
  const v = await VisitorClient.create(env.server.url, 'pk_demo');
  const conv = await v.conversation(`conv-${Math.random().toString(36).slice(2, 10)}`);
  const sent = await v.send(conv.id, `msg-${conv.id}`, body);
  await env.server.bot!.idle();
  const page = await v.request<{ messages: Message[] }>('GET', `/v1/widget/conversations/${conv.id}/messages?after=${sent.body.id}`);
  return page.body.messages.find((m) => m.author.type === 'bot')!;
}

describe('questions the bot missed, in the knowledge base settings', () => {
  it('turns a missed question into an edited phrasing of the chosen article', async () => {
    const site = await demoSite(env.server);
    await importArticles(env.server.deps.db, site.id, DEMO_FAQ);
    expect((await ask(QUESTION)).meta.kind).toBe('offer_handoff');

    const page = await (await env.chromium.browser.newContext()).newPage();
    await logIn(page, `${env.server.url}/inbox/settings/kb`);
    const missed = page.getByRole('region', { name: 'Questions the bot missed' });
    const row = missed.getByRole('row').filter({ hasText: QUESTION });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('Bot offered a person');

    await row.getByLabel('Article').selectOption({ label: 'When is the team available?' });
    await row.getByLabel('Phrasing to add').fill(`  ${QUESTION}?  `);
    await row.getByRole('button', { name: 'Add as phrasing' }).click();
    await expect.poll(() => row.count()).toBe(0);
    expect(await page.getByRole('status').textContent()).toMatch(/Phrasing added/);

    const owner = await InboxClient.login(env.server.url);
    const hours = (await owner.get<ArticleList>(`/v1/inbox/sites/${site.id}/articles`)).body.articles.find((a: Article) => a.slug === 'opening-hours')!;
    expect(hours.phrasings).toContain(`${QUESTION}?`);
    expect((await ask(QUESTION)).meta).toMatchObject({ kind: 'answer', sourceArticleIds: [hours.id] });
    await page.context().close();
  });
});
