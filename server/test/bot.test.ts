// Longer than 300 lines: every case of the pipeline shares one server with the bot on and one
// imported FAQ; the restart cases start a second server on the same database file.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportedArticle, Message } from '@parley/protocol';
import { loadConfig } from '../src/config/config';
import { postVisitorMessage } from '../src/conversations/commands';
import { changeConversation } from '../src/conversations/change';
import { events as eventsTable, messages, sites } from '../src/db/tables';
import { importArticles, listArticles } from '../src/kb/articles';
import { InProcessEventBus } from '../src/realtime/in-process-bus';
import { startServer } from '../src/server';
import { findSiteByKey } from '../src/sites/sites';
import { conversationRow } from './helpers/handoff';
import { failingWrites } from './helpers/fail-writes';
import { testDatabase } from './helpers/test-db';
import { startTestServer, testConfig, type TestServer } from './helpers/test-server';
import { VisitorClient } from './helpers/visitor-client';

const faq: ImportedArticle[] = [
  [
    'refunds',
    'Refunds',
    ['how do I get a refund', 'I want my money back', 'can I return my order for a refund'],
    'Refunds reach your card within **5 days**.',
    'billing',
  ],
  ['shipping', 'Shipping times', ['when will my order arrive', 'how long does delivery take', 'where is my parcel'], 'Orders ship within 2 days.', 'orders'],
  [
    'password',
    'Reset your password',
    ['I forgot my password', 'cannot log in to my account', 'reset my password'],
    'Use **Forgot password** on the login page.',
    'account',
  ],
  ['hours', 'Opening hours', ['when are you open', 'what time do you close', 'are you open on sunday'], 'We are open 9–17, Monday to Friday.', null],
  ['gift-cards', 'Gift cards', ['can I buy a gift card', 'how do gift cards work', 'redeem a gift voucher'], 'Gift cards are sold online.', 'billing'],
].map(([id, title, phrasings, body, category]) => ({ id, title, phrasings, body, category, locale: 'en', status: 'published' }) as ImportedArticle);

let server: TestServer;
let siteId: string;

beforeAll(async () => {
  server = await startTestServer({ PARLEY_BOT: 'on' });
  siteId = (await findSiteByKey(server.deps.db, 'pk_demo'))!.id;
  await importArticles(server.deps.db, siteId, faq);
});
afterAll(() => server.stop());

const articleId = async (slug: string) => (await listArticles(server.deps.db, siteId)).find((a) => a.slug === slug)!.id;

async function setBotSettings(bot: Record<string, number>) {
  await server.deps.db.update(sites).set({ settings: { bot } }).where(eq(sites.id, siteId));
}

/** A fresh visitor and conversation on the demo site. */
async function chat(extra: Record<string, unknown> = {}) {
  const v = await VisitorClient.create(server.url, 'pk_demo', extra);
  const conv = await v.conversation(`conv-${Math.random().toString(36).slice(2, 10)}`);
  let n = 0;
  return {
    v,
    id: conv.id,
    /** Sends a message and waits for the bot to be done with it; returns what the visitor now sees after it. */
    async say(body: string): Promise<Message[]> {
      const res = await v.send(conv.id, `msg-${n++}-${conv.id}`, body);
      expect(res.status).toBe(201);
      await server.bot!.idle();
      const page = await v.request<{ messages: Message[] }>('GET', `/v1/widget/conversations/${conv.id}/messages?after=${res.body.id}`);
      return page.body.messages;
    },
    row: () => conversationRow(server, conv.id),
    internalNotes: async () => (await server.deps.db.select().from(messages).where(eq(messages.conversationId, conv.id))).filter((m) => m.internal),
  };
}

describe('the bot pipeline (local provider)', () => {
  it('answers a covered question with the article, its source, confidence and related suggestions', async () => {
    await setBotSettings({});
    const c = await chat();
    const [reply, ...rest] = await c.say('how can I get a refund for my order?');
    expect(rest).toEqual([]);
    expect(reply!.author.type).toBe('bot');
    expect(reply!.body).toBe('Refunds reach your card within **5 days**.');
    expect(reply!.meta).toMatchObject({
      kind: 'answer',
      sourceArticleIds: [await articleId('refunds')],
      sources: [{ id: await articleId('refunds'), title: 'Refunds' }],
      askFeedback: true,
      offerHandoff: false,
      intent: await articleId('refunds'),
    });
    expect(reply!.meta.confidence).toBeGreaterThanOrEqual(0.75);
    expect(reply!.meta.confidence).toBeLessThanOrEqual(1);
    expect(reply!.meta.suggestions!.length).toBeLessThanOrEqual(3);
    expect(reply!.meta.suggestions!.map((s) => s.articleId)).not.toContain(await articleId('refunds'));
    expect(reply!.meta.replyTo).toBeGreaterThan(0);
    expect((await c.row()).status).toBe('bot');
  });

  it('asks "Did you mean" with the top candidates as chips between the thresholds', async () => {
    await setBotSettings({ answerThreshold: 0.999, clarifyThreshold: 0.001 });
    const c = await chat();
    const [reply] = await c.say('refund for my order');
    expect(reply!.meta.kind).toBe('clarify');
    expect(reply!.body).toBe('Did you mean one of these?');
    expect(reply!.meta.suggestions![0]).toEqual({ label: 'Refunds', articleId: await articleId('refunds') });
    expect(reply!.meta.suggestions!.length).toBeLessThanOrEqual(3);
  });

  it('records the top-ranked article as the intent of a low-confidence offer that shows no chips', async () => {
    await setBotSettings({ answerThreshold: 0.999, clarifyThreshold: 0.998 });
    const c = await chat();
    const [reply] = await c.say('refund for my order');
    expect(reply!.meta).toMatchObject({ kind: 'offer_handoff', offerHandoff: true, intent: await articleId('refunds') });
    expect(reply!.meta.suggestions).toBeUndefined();
  });

  it('offers a person when nothing in the FAQ covers the question', async () => {
    await setBotSettings({});
    const c = await chat();
    const [reply] = await c.say('what is the airspeed velocity of an unladen swallow');
    expect(reply!.meta).toMatchObject({ kind: 'offer_handoff', offerHandoff: true });
    expect(reply!.meta.confidence).toBeLessThan(0.33);
    expect((await c.row()).status).toBe('bot');
  });

  it('offers a person after two unhelpful turns in a row, and a good answer resets the count', async () => {
    await setBotSettings({ answerThreshold: 0.999, clarifyThreshold: 0.001 });
    const c = await chat();
    expect((await c.say('refund for my order'))[0]!.meta.kind).toBe('clarify');
    const [second] = await c.say('delivery of my parcel');
    expect(second!.meta.kind).toBe('offer_handoff');
    expect(second!.body).toMatch(/couldn't help so far/);
    expect(second!.meta.suggestions!.length).toBeGreaterThan(0);
    await setBotSettings({});
    const [answer] = await c.say('I forgot my password');
    expect(answer!.meta).toMatchObject({ kind: 'answer', offerHandoff: true });
    expect((await c.say('when are you open'))[0]!.meta).toMatchObject({ kind: 'answer', offerHandoff: false });
  });

  it('hands off when the visitor asks for a person: queued, a system message, and a summary with triage for the agent', async () => {
    await setBotSettings({});
    const c = await chat();
    await c.say('how do I get a refund');
    const after = await c.say('This is useless!!! I want to talk to a real person about my stolen card');
    // Routing may add its own line after ours (nobody is online in this test).
    expect([after[0]!.author.type, after[0]!.body]).toEqual(['system', 'Connecting you with a person.']);
    const row = await c.row();
    expect(row.status).toBe('queued');
    expect(row.category).toBe('billing');
    expect(row.priority).toBe('urgent');
    expect(row.sentiment).toBeGreaterThanOrEqual(1);
    expect(row.sentiment).toBeLessThanOrEqual(2);
    const [note] = await c.internalNotes();
    expect(note!.authorType).toBe('bot');
    expect(note!.meta).toEqual({ kind: 'handoff', intent: 'asked_for_person' });
    expect(note!.body).toContain('Visitor: "how do I get a refund"');
    expect(note!.body).toContain('Bot answered with "Refunds"');
    expect(note!.body).toContain('asked for a person');
    // The visitor never sees the note.
    const seen = await c.v.request<{ messages: Message[] }>('GET', `/v1/widget/conversations/${c.id}/messages`);
    expect(seen.body.messages.some((m) => m.body.includes('Bot summary'))).toBe(false);
  });

  it("understands a request for a person in each supported language, and replies in the visitor's", async () => {
    const asks: [string, string, RegExp][] = [
      ['es', 'Quiero hablar con una persona, por favor', /Te estamos conectando/],
      ['fr', 'Je voudrais parler à un conseiller', /Nous vous mettons en relation/],
      ['de', 'Ich möchte mit einem Mitarbeiter sprechen', /Wir verbinden Sie/],
      ['pt', 'Posso falar com um atendente?', /Estamos conectando você/],
      ['ar', 'أريد التحدث مع موظف', /نقوم بتوصيلك/],
      ['en', 'can I speak to a human', /Connecting you with a person/],
    ];
    for (const [locale, text, reply] of asks) {
      const c = await chat({ locale });
      const [m] = await c.say(text);
      expect(m!.body, text).toMatch(reply);
      expect((await c.row()).status, text).toBe('queued');
    }
  });

  it('counts a "not helpful" answer as an unhelpful turn', async () => {
    await setBotSettings({});
    const c = await chat();
    const [answer] = await c.say('I forgot my password');
    const fb = await c.v.request('POST', `/v1/widget/messages/${answer!.id}/feedback`, { helpful: false });
    expect(fb.status).toBe(201);
    const [next] = await c.say('what is the airspeed velocity of an unladen swallow');
    expect(next!.meta.kind).toBe('offer_handoff');
    expect(next!.body).toMatch(/couldn't help so far/);
  });

  it('counts a vote on an answer on its source article at once: once per visitor and message, moved by a change of mind', async () => {
    await setBotSettings({});
    const counts = async () => {
      const a = (await listArticles(server.deps.db, siteId)).find((x) => x.slug === 'shipping')!;
      return [a.helpful, a.notHelpful];
    };
    const start = await counts();
    const moved = (helpful: number, notHelpful: number) => [start[0]! + helpful, start[1]! + notHelpful];
    const c = await chat();
    const [answer] = await c.say('how long does delivery take');
    expect(answer!.meta.sourceArticleIds).toEqual([await articleId('shipping')]);
    const vote = (helpful: boolean, v = c.v) => v.request('POST', `/v1/widget/messages/${answer!.id}/feedback`, { helpful });

    expect((await vote(false)).status).toBe(201);
    expect(await counts()).toEqual(moved(0, 1));
    expect((await vote(false)).status).toBe(200);
    expect(await counts()).toEqual(moved(0, 1));
    expect((await vote(true)).status).toBe(200);
    expect(await counts()).toEqual(moved(1, 0));
    // Another visitor cannot vote on this visitor's answer.
    expect((await vote(false, await VisitorClient.create(server.url))).status).toBe(404);
    expect(await counts()).toEqual(moved(1, 0));
  });

  it('offers a person as soon as a "not helpful" vote makes two unhelpful turns in a row', async () => {
    await setBotSettings({});
    const c = await chat();
    const visible = async () => (await c.v.request<{ messages: Message[] }>('GET', `/v1/widget/conversations/${c.id}/messages?after=0`)).body.messages;
    const notHelpful = async (m: Message) => {
      expect((await c.v.request('POST', `/v1/widget/messages/${m.id}/feedback`, { helpful: false })).status).toBe(201);
      await server.bot!.idle();
    };

    const [first] = await c.say('I forgot my password');
    await notHelpful(first!);
    expect((await visible()).at(-1)!.id).toBe(first!.id);

    const [second] = await c.say('when will my order arrive');
    expect(second!.meta.kind).toBe('answer');
    await notHelpful(second!);
    const [offer, ...none] = (await visible()).filter((m) => m.id > second!.id);
    expect(none).toEqual([]);
    expect(offer).toMatchObject({
      author: { type: 'bot' },
      meta: { kind: 'offer_handoff', offerHandoff: true, replyTo: second!.meta.replyTo, intent: second!.meta.intent },
    });
    expect(offer!.body).toMatch(/couldn't help so far/);

    // Changing the vote back and forth, or a restart, offers nothing more.
    await c.v.request('POST', `/v1/widget/messages/${second!.id}/feedback`, { helpful: true });
    await c.v.request('POST', `/v1/widget/messages/${second!.id}/feedback`, { helpful: false });
    await server.bot!.catchUp();
    await server.bot!.idle();
    expect((await visible()).at(-1)!.id).toBe(offer!.id);
  });

  it('adds the summary and triage when the visitor presses "Talk to a person"', async () => {
    const c = await chat();
    await c.say('where is my parcel, it is late again');
    const res = await c.v.request<{ status: string }>('POST', `/v1/widget/conversations/${c.id}/handoff`);
    expect(res.body.status).toBe('queued');
    await server.bot!.idle();
    expect((await c.row()).category).toBe('orders');
    expect((await c.row()).sentiment).toBeLessThanOrEqual(3);
    const [note] = await c.internalNotes();
    expect(note!.body).toContain('pressed "Talk to a person"');
    expect(note!.body).toContain('Bot answered with "Shipping times"');
  });

  it('says "connecting you" in the visitor\'s language when they press "Talk to a person"', async () => {
    const c = await chat({ locale: 'es-MX' });
    await c.say('¿dónde está mi paquete?');
    await c.v.request('POST', `/v1/widget/conversations/${c.id}/handoff`);
    const page = await c.v.request<{ messages: Message[] }>('GET', `/v1/widget/conversations/${c.id}/messages`);
    const system = page.body.messages.filter((m) => m.author.type === 'system').map((m) => m.body);
    expect(system[0]).toBe('Te estamos conectando con una persona.');
  });

  describe('writes a handoff whole or not at all', () => {
    const failing = (table: 'messages' | 'conversations', match: { column: string; value: string | boolean }, act: () => Promise<void>) =>
      failingWrites(server.store, table, match, act);
    const events = async (conversationId: string) =>
      (await server.deps.db.select({ id: eventsTable.id }).from(eventsTable).where(eq(eventsTable.conversationId, conversationId))).length;

    it.each([
      ['the summary note', 'messages', { column: 'internal', value: true }],
      ['the status change', 'conversations', { column: 'status', value: 'queued' }],
    ] as const)('writes neither the note nor the status when %s fails ("Talk to a person")', async (_what, table, when) => {
      const c = await chat();
      await c.say('where is my parcel');
      const before = await events(c.id);
      await failing(table, when, async () => {
        expect((await c.v.request('POST', `/v1/widget/conversations/${c.id}/handoff`)).status).toBe(500);
      });
      expect((await c.row()).status).toBe('bot');
      expect(await c.internalNotes()).toEqual([]);
      expect(await events(c.id)).toBe(before);

      const retry = await c.v.request<{ status: string }>('POST', `/v1/widget/conversations/${c.id}/handoff`);
      expect(retry.body.status).toBe('queued');
      expect(await c.internalNotes()).toHaveLength(1);
    });

    it('writes neither when the bot hands off, and a restart then does the whole handoff', async () => {
      const c = await chat();
      await failing('messages', { column: 'internal', value: true }, async () => {
        expect(await c.say('I want to talk to a human')).toEqual([]);
      });
      expect((await c.row()).status).toBe('bot');
      expect(await c.internalNotes()).toEqual([]);

      await server.bot!.catchUp();
      await server.bot!.idle();
      expect((await c.row()).status).toBe('queued');
      expect(await c.internalNotes()).toHaveLength(1);
    });
  });

  it('hands off on strong frustration without an explicit request', async () => {
    const c = await chat();
    await c.say('you are useless, this is a waste of my time');
    expect((await c.row()).status).toBe('queued');
    expect((await c.row()).priority).toBe('high');
  });

  it('never answers in a conversation a person has taken over', async () => {
    const c = await chat();
    await changeConversation(server.deps, c.id, { status: 'open' }, { type: 'agent', agentId: null });
    expect(await c.say('how do I get a refund')).toEqual([]);
    await changeConversation(server.deps, c.id, { status: 'queued' }, { type: 'agent', agentId: null });
    // Routing may tell the visitor nobody is online (a system line), before or after this message.
    expect((await c.say('how do I get a refund')).filter((m) => m.author.type !== 'system')).toEqual([]);
  });

  it('answers each visitor message once, even when it is delivered twice', async () => {
    const c = await chat();
    const res = await c.v.send(c.id, 'msg-dup-00001', 'when are you open');
    await server.bot!.idle();
    server.deps.bus.publish([], { id: 0, type: 'message.created', conversationId: c.id, message: res.body });
    await server.bot!.idle();
    const replies = (await server.deps.db.select().from(messages).where(eq(messages.conversationId, c.id))).filter((m) => m.authorType === 'bot');
    expect(replies).toHaveLength(1);
    // A retried POST (same clientId) is not a new message either.
    await c.v.send(c.id, 'msg-dup-00001', 'when are you open');
    await server.bot!.idle();
    expect(await server.deps.db.select().from(messages).where(eq(messages.conversationId, c.id))).toHaveLength(2);
  });
});

describe('after a crash between the visitor message and the reply', () => {
  it('answers the unanswered message when the server starts again', async () => {
    const c = await chat();
    // Committed, but the bot never heard of it: as if the process died right after the commit.
    const quiet = { db: server.deps.db, config: server.deps.config, bus: new InProcessEventBus() };
    await postVisitorMessage(quiet, await c.row(), 'msg-crash-0001', 'how long does delivery take');
    const config = testConfig({ ...server.testDb.env, PARLEY_BOT: 'on' });
    const second = await startServer(config);
    try {
      await second.bot!.idle();
      const page = await c.v.request<{ messages: Message[] }>('GET', `/v1/widget/conversations/${c.id}/messages`);
      const last = page.body.messages.at(-1)!;
      expect(last.author.type).toBe('bot');
      expect(last.meta.sourceArticleIds).toEqual([await articleId('shipping')]);
    } finally {
      await second.close();
    }
  });
});

describe('a fresh install', () => {
  it('seeds the demo site with a sample FAQ the bot answers from', async () => {
    const testDb = await testDatabase();
    const fresh = await startServer(
      loadConfig({ PORT: '0', HOST: '127.0.0.1', ...testDb.env, NODE_ENV: 'development', PARLEY_ADMIN_PASSWORD: 'test-password-123' }),
    );
    try {
      const v = await VisitorClient.create(fresh.url);
      const conv = await v.conversation('conv-fresh-0001');
      const sent = await v.send(conv.id, 'msg-fresh-0001', 'is it free?');
      await fresh.bot!.idle();
      const page = await v.request<{ messages: Message[] }>('GET', `/v1/widget/conversations/${conv.id}/messages?after=${sent.body.id}`);
      const pricing = (await listArticles(fresh.deps.db, (await findSiteByKey(fresh.deps.db, 'pk_demo'))!.id)).find((a) => a.slug === 'pricing')!;
      expect(page.body.messages[0]).toMatchObject({ author: { type: 'bot' }, meta: { kind: 'answer', sourceArticleIds: [pricing.id], intent: pricing.id } });
    } finally {
      await fresh.close();
      await testDb.drop();
    }
  });
});
