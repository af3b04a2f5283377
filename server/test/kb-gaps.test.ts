import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article, BotGap, BotGapList, BotGapReview, Message, SiteSettings } from '@parley/protocol';
import { botGapReviews, sites } from '../src/db/tables';
import { importArticles, listArticles } from '../src/kb/articles';
import { DEMO_FAQ } from '../src/demo/faq';
import { demoSite, signInTeam } from './helpers/agents';
import { expectError } from './helpers/errors';
import { InboxClient } from './helpers/inbox-client';
import { startTestServer, type TestServer } from './helpers/test-server';
import { VisitorClient } from './helpers/visitor-client';

let server: TestServer;
let team: Awaited<ReturnType<typeof signInTeam>>;
let base: string;
let seeded: Partial<SiteSettings>;

// Shares no word with the demo FAQ's "When is the team available?" phrasings.
const UNCOVERED = 'is anybody staffing the desk tomorrow morning';

beforeAll(async () => {
  server = await startTestServer({ PARLEY_BOT: 'on' });
  team = await signInTeam(server, 'gaps');
  const site = await demoSite(server);
  seeded = site.settings as Partial<SiteSettings>;
  // Tests start with an empty knowledge base; these ones ask the demo bot.
  await importArticles(server.deps.db, site.id, DEMO_FAQ);
  base = `/v1/inbox/sites/${site.id}/kb-gaps`;
});
afterAll(() => server.stop());

const articleId = async (slug: string) => (await listArticles(server.deps.db, (await demoSite(server)).id)).find((a) => a.slug === slug)!.id;
const gaps = async (who = team.owner) => (await who.get<BotGapList>(base)).body.gaps;

async function setBotThresholds(bot: Partial<SiteSettings['bot']>) {
  await server.deps.db
    .update(sites)
    .set({ settings: { ...seeded, bot: { ...seeded.bot, ...bot } } as SiteSettings })
    .where(eq(sites.id, (await demoSite(server)).id));
}

/** A visitor asks one question in a fresh conversation; returns their message and the bot's reply. */
async function ask(body: string): Promise<{ question: Message; reply: Message; v: VisitorClient }> {
  const v = await VisitorClient.create(server.url, 'pk_demo');
  const conv = await v.conversation(`conv-${Math.random().toString(36).slice(2, 10)}`);
  const sent = await v.send(conv.id, `msg-${conv.id}`, body);
  expect(sent.status).toBe(201);
  await server.bot!.idle();
  const page = await v.request<{ messages: Message[] }>('GET', `/v1/widget/conversations/${conv.id}/messages?after=${sent.body.id}`);
  const reply = page.body.messages.find((m) => m.author.type === 'bot');
  expect(reply, JSON.stringify(page.body.messages)).toBeDefined();
  return { question: sent.body, reply: reply!, v };
}

describe('/v1/inbox/sites/:siteId/kb-gaps', () => {
  it("lists a question the bot could not answer, with retrieval's best guess; adding it as a phrasing makes the bot answer it", async () => {
    const { question, reply } = await ask(UNCOVERED);
    // A low-confidence offer has no chips, but still records what retrieval ranked first.
    expect(reply.meta).toMatchObject({ kind: 'offer_handoff', intent: await articleId('pricing') });
    expect(reply.meta.suggestions).toBeUndefined();

    const [gap] = await gaps();
    expect(gap).toEqual({
      messageId: question.id,
      conversationId: question.conversationId,
      text: UNCOVERED,
      createdAt: question.createdAt,
      outcome: 'offer_handoff',
      confidence: reply.meta.confidence!,
      suggestedArticle: { id: await articleId('pricing'), title: 'Pricing' },
    } satisfies BotGap);

    const hours = await articleId('opening-hours');
    const added = await team.admin.post<BotGapReview>(`${base}/${question.id}`, { action: 'add_phrasing', articleId: hours });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(added.body).toMatchObject({ messageId: question.id, action: 'added', article: { id: hours } });
    expect(added.body.article!.phrasings.at(-1)).toBe(UNCOVERED);
    expect((await team.owner.get<Article>(`/v1/inbox/sites/${(await demoSite(server)).id}/articles/${hours}`)).body.phrasings).toContain(UNCOVERED);
    expect((await gaps()).map((g) => g.messageId)).not.toContain(question.id);
    expectError(await team.owner.post(`${base}/${question.id}`, { action: 'dismiss' }), 409, 'conflict');

    // The article update moved the KB revision: the bot retrains and now knows the question.
    const again = await ask(UNCOVERED);
    expect(again.reply.meta).toMatchObject({ kind: 'answer', sourceArticleIds: [hours] });
  });

  it('lists "Did you mean" with its first chip as the suggestion; an edited phrasing is trimmed; dismiss hides a question', async () => {
    await setBotThresholds({ answerThreshold: 0.999, clarifyThreshold: 0.001 });
    try {
      const clarified = await ask('how much is parley');
      expect(clarified.reply.meta.kind).toBe('clarify');
      const chip = clarified.reply.meta.suggestions![0]!;
      const gap = (await gaps()).find((g) => g.messageId === clarified.question.id);
      expect(gap).toMatchObject({ outcome: 'clarify', suggestedArticle: { id: chip.articleId, title: chip.label } });

      const edited = await team.owner.post<BotGapReview>(`${base}/${clarified.question.id}`, {
        action: 'add_phrasing',
        articleId: chip.articleId,
        text: '  what does parley cost  ',
      });
      expect(edited.body.article!.phrasings).toContain('what does parley cost');

      const other = await ask('tell me a joke about penguins');
      const dismissed = await team.admin.post<BotGapReview>(`${base}/${other.question.id}`, { action: 'dismiss' });
      expect(dismissed.body).toMatchObject({ messageId: other.question.id, action: 'dismissed', article: null });
      expect((await gaps()).map((g) => g.messageId)).not.toContain(other.question.id);
      const stored = (await server.deps.db.select().from(botGapReviews).where(eq(botGapReviews.messageId, other.question.id)).limit(1))[0];
      expect(stored).toMatchObject({ action: 'dismissed', articleId: null, agentId: team.admin.me.id });
    } finally {
      await setBotThresholds({});
    }
  });

  it('lists an answer the visitor voted not helpful, with the answered article; a helpful one is not a miss', async () => {
    const voted = await ask('how much does it cost');
    expect(voted.reply.meta.kind).toBe('answer');
    expect((await gaps()).map((g) => g.messageId)).not.toContain(voted.question.id);
    expect((await voted.v.request('POST', `/v1/widget/messages/${voted.reply.id}/feedback`, { helpful: false })).status).toBe(201);
    const gap = (await gaps()).find((g) => g.messageId === voted.question.id);
    expect(gap).toMatchObject({ outcome: 'not_helpful', suggestedArticle: { id: await articleId('pricing'), title: 'Pricing' } });
    expectError(await team.owner.post(`${base}/${voted.reply.id}`, { action: 'dismiss' }), 404, 'not_found');

    const liked = await ask('is it free');
    await liked.v.request('POST', `/v1/widget/messages/${liked.reply.id}/feedback`, { helpful: true });
    expect((await gaps()).map((g) => g.messageId)).not.toContain(liked.question.id);
    expectError(await team.owner.post(`${base}/${liked.question.id}`, { action: 'dismiss' }), 404, 'not_found');
  });

  it('lists a question once when a "not helpful" vote brought an offer of a person too', async () => {
    await setBotThresholds({ unhelpfulTurns: 1 });
    try {
      const voted = await ask('how much does it cost');
      expect((await voted.v.request('POST', `/v1/widget/messages/${voted.reply.id}/feedback`, { helpful: false })).status).toBe(201);
      await server.bot!.idle();
      const page = await voted.v.request<{ messages: Message[] }>('GET', `/v1/widget/conversations/${voted.question.conversationId}/messages`);
      expect(page.body.messages.filter((m) => m.meta.replyTo === voted.question.id).map((m) => m.meta.kind)).toEqual(['answer', 'offer_handoff']);
      expect((await gaps()).filter((g) => g.messageId === voted.question.id)).toEqual([expect.objectContaining({ outcome: 'not_helpful' })]);
    } finally {
      await setBotThresholds({});
    }
  });

  it('pages newest first with before and limit', async () => {
    const first = await ask('what colour is the sky on mars');
    const second = await ask('what colour is the sea on venus');
    const page = (await team.owner.get<BotGapList>(`${base}?limit=1`)).body.gaps;
    expect(page.map((g) => g.messageId)).toEqual([second.question.id]);
    const next = (await team.owner.get<BotGapList>(`${base}?limit=1&before=${second.question.id}`)).body.gaps;
    expect(next.map((g) => g.messageId)).toEqual([first.question.id]);
    expectError(await team.owner.get(`${base}?limit=0`), 400, 'invalid_request');
  });

  it('is for owners and admins of the site’s account only, behind the CSRF check', async () => {
    const { question } = await ask('do you sell umbrellas in winter');
    expectError(await team.agent.get(base), 403, 'forbidden');
    expectError(await team.agent.post(`${base}/${question.id}`, { action: 'dismiss' }), 403, 'forbidden');
    expectError(await team.rival.get(base), 404, 'not_found');
    expectError(await team.rival.post(`${base}/${question.id}`, { action: 'dismiss' }), 404, 'not_found');
    const rivalSite = (await server.deps.db.select().from(sites).where(eq(sites.accountId, team.rival.me.accountId)).limit(1))[0]!;
    expectError(await team.rival.post(`/v1/inbox/sites/${rivalSite.id}/kb-gaps/${question.id}`, { action: 'dismiss' }), 404, 'not_found');
    const noOrigin = new InboxClient(server.url, null);
    noOrigin.cookie = team.owner.cookie;
    expectError(await noOrigin.post(`${base}/${question.id}`, { action: 'dismiss' }), 403, 'forbidden');
    expect((await gaps()).map((g) => g.messageId)).toContain(question.id);
  });

  it('refuses bad bodies, unknown messages and another site’s article', async () => {
    const { question } = await ask('can I pay with seashells');
    const at = `${base}/${question.id}`;
    expectError(await team.owner.post(at, { action: 'promote' }), 400, 'invalid_request');
    expectError(await team.owner.post(at, { action: 'add_phrasing' }), 400, 'invalid_request');
    expectError(await team.owner.post(at, { action: 'add_phrasing', articleId: await articleId('pricing'), text: '   ' }), 400, 'invalid_request');
    expectError(await team.owner.post(at, { action: 'add_phrasing', articleId: await articleId('pricing'), text: 'x'.repeat(501) }), 400, 'invalid_request');
    expectError(await team.owner.post(`${base}/abc`, { action: 'dismiss' }), 400, 'invalid_request');
    expectError(await team.owner.post(`${base}/99999999`, { action: 'dismiss' }), 404, 'not_found');
    expectError(await team.owner.post(at, { action: 'add_phrasing', articleId: 'art_missing' }), 404, 'not_found');

    const rivalSite = (await server.deps.db.select().from(sites).where(eq(sites.accountId, team.rival.me.accountId)).limit(1))[0]!;
    const rivalArticle = await team.rival.post<Article>(`/v1/inbox/sites/${rivalSite.id}/articles`, { title: 'Seashell payments' });
    expectError(await team.owner.post(at, { action: 'add_phrasing', articleId: rivalArticle.body.id }), 404, 'not_found');
    // None of the refusals counted as a decision.
    expect((await gaps()).map((g) => g.messageId)).toContain(question.id);
    expect((await listArticles(server.deps.db, (await demoSite(server)).id)).find((a) => a.slug === 'pricing')!.phrasings).not.toContain('x'.repeat(501));
  });

  it('asks for an edited text when the question is too long to be a phrasing', async () => {
    const long = `${'please tell me about seashell payments '.repeat(14)}`.trim();
    expect(long.length).toBeGreaterThan(500);
    const { question } = await ask(long);
    const at = `${base}/${question.id}`;
    expectError(await team.owner.post(at, { action: 'add_phrasing', articleId: await articleId('pricing') }), 400, 'invalid_request');
    const ok = await team.owner.post<BotGapReview>(at, { action: 'add_phrasing', articleId: await articleId('pricing'), text: 'can I pay with seashells' });
    expect(ok.status).toBe(200);
  });
});
