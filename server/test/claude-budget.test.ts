import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Draft } from '@parley/protocol';
import { messages, providerUsage, sites } from '../src/db/tables';
import { importArticles, listArticles } from '../src/kb/articles';
import { createAccount, createAgent, loginAs } from './helpers/agents';
import { startFakeAnthropic, type FakeAnthropic } from './helpers/fake-anthropic';
import { eventually } from './helpers/handoff';
import { startTestServer, type TestServer } from './helpers/test-server';
import { VisitorClient } from './helpers/visitor-client';

const REFUNDS = 'Refunds reach your card within 5 days.';

let fake: FakeAnthropic;
let server: TestServer;
beforeAll(async () => {
  fake = await startFakeAnthropic();
  server = await startTestServer({
    PARLEY_BOT: 'on',
    ANTHROPIC_API_KEY: 'sk-ant-budget',
    ANTHROPIC_BASE_URL: fake.url,
    ANTHROPIC_MODEL: 'claude-test',
    PARLEY_CLAUDE_DAILY_CALLS_PER_SITE: '2',
    PARLEY_CLAUDE_MAX_CONCURRENT: '1',
  });
});
afterAll(async () => {
  await server.stop();
  await fake.close();
});

/** A site of its own account whose bot uses Claude (the default) and always answers. */
async function claudeSite(name: string) {
  const { accountId, site } = await createAccount(server, name);
  await importArticles(server.deps.db, site.id, [
    { id: 'refunds', title: 'Refunds', phrasings: ['how do I get a refund'], body: REFUNDS, category: null, locale: null, status: 'published' },
  ]);
  await server.deps.db
    .update(sites)
    .set({ settings: { bot: { answerThreshold: 0, clarifyThreshold: 0 } } })
    .where(eq(sites.id, site.id));
  return { accountId, site, refundsId: (await listArticles(server.deps.db, site.id))[0]!.id };
}

let asked = 0;
/** A new visitor's question to the site's bot, and the bot's stored reply. */
async function ask(site: { publicKey: string }) {
  const visitor = await VisitorClient.create(server.url, site.publicKey);
  const conversation = await visitor.conversation(`conv-budget-${++asked}`);
  await visitor.send(conversation.id, `msg-budget-${asked}`, 'how do I get a refund');
  const reply = await eventually(
    async () =>
      (
        await server.deps.db
          .select()
          .from(messages)
          .where(and(eq(messages.conversationId, conversation.id), eq(messages.authorType, 'bot')))
          .limit(1)
      )[0],
    'the bot reply',
  );
  return { conversationId: conversation.id, reply };
}

const callsToday = async (siteId: string) =>
  (await server.deps.db.select().from(providerUsage).where(eq(providerUsage.siteId, siteId)).limit(1))[0]?.calls ?? 0;

describe("a site's daily Claude budget", () => {
  it('answers locally, without a request to Claude, once the site has spent its calls for the day; drafts count; another site still gets Claude', async () => {
    const shop = await claudeSite('Budget shop');
    const other = await claudeSite('Budget other');
    const agent = await loginAs(server, (await createAgent(server, { email: 'budget-agent@example.com', accountId: shop.accountId })).email);
    fake.requests.length = 0;

    const first = await ask(shop.site);
    expect(first.reply.meta).toMatchObject({ kind: 'answer', sourceArticleIds: [shop.refundsId] });
    expect(first.reply.meta.localFallback).toBeUndefined();
    // The agents' "Draft with AI" spends the same budget: this is the day's second call.
    expect((await agent.post<Draft>(`/v1/inbox/conversations/${first.conversationId}/draft`)).body.body).toMatch(/^Here is what our help center says/);
    expect(fake.requests).toHaveLength(2);

    const third = await ask(shop.site);
    expect(third.reply.body).toBe(REFUNDS);
    expect(third.reply.meta).toMatchObject({ kind: 'answer', localFallback: 'daily_limit' });
    expect((await agent.post<Draft>(`/v1/inbox/conversations/${third.conversationId}/draft`)).body.body).toBe(REFUNDS);
    expect(fake.requests).toHaveLength(2);
    expect(await callsToday(shop.site.id)).toBe(2);

    const elsewhere = await ask(other.site);
    expect(elsewhere.reply.meta.localFallback).toBeUndefined();
    expect(fake.requests).toHaveLength(3);
    expect(await callsToday(other.site.id)).toBe(1);
  });
});

describe('Claude calls under way at once', () => {
  it('answers locally past PARLEY_CLAUDE_MAX_CONCURRENT, without a request or a call counted, and uses Claude again once the slot is free', async () => {
    const slow = await claudeSite('Slow site');
    const busy = await claudeSite('Busy site');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    fake.script({ kind: 'reply', text: `Refunds take five days [${slow.refundsId}].`, hold: { after: 3, until: gate } });
    const before = fake.requests.length;

    const held = ask(slow.site);
    await eventually(() => fake.requests.length === before + 1, 'the held answer under way');
    const meanwhile = await ask(busy.site);
    expect(meanwhile.reply).toMatchObject({ body: REFUNDS, meta: { kind: 'answer', localFallback: 'busy' } });
    expect(fake.requests).toHaveLength(before + 1);
    expect(await callsToday(busy.site.id)).toBe(0);

    release();
    expect((await held).reply).toMatchObject({ body: 'Refunds take five days.', meta: { sourceArticleIds: [slow.refundsId] } });
    expect((await held).reply.meta.localFallback).toBeUndefined();
    expect((await ask(busy.site)).reply.meta.localFallback).toBeUndefined();
    expect(fake.requests).toHaveLength(before + 2);
  });
});
