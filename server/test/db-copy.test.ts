import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getTableName, is } from 'drizzle-orm';
import { drizzle as pgDrizzle } from 'drizzle-orm/node-postgres';
import { drizzle as sqliteDrizzle } from 'drizzle-orm/better-sqlite3';
import { PgTable } from 'drizzle-orm/pg-core';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { VisitorStreamEvent } from '@parley/protocol';
import { hashToken } from '../src/auth/tokens';
import * as pgSchema from '../src/db/pg/schema';
import { PgStore } from '../src/db/pg-store';
import * as s from '../src/db/schema';
import { SqliteStore } from '../src/db/sqlite-store';
import { runCli } from './helpers/run-cli';
import { openStream } from './helpers/sse-client';
import { testDatabase, testEngine, type TestDatabase } from './helpers/test-db';
import { startServer } from '../src/server';
import { testConfig } from './helpers/test-server';
import { VisitorClient } from './helpers/visitor-client';

const at = (iso: string) => new Date(iso);
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const VISITOR_TOKEN = 'vt_copied_visitor_token_0123456789';

/** One row (at least) in every table, every kind of column filled: text, JSON, booleans, timestamps, bytes, ids. */
function fillEveryTable(store: SqliteStore): void {
  const db = sqliteDrizzle({ client: store.sqlite, schema: s, casing: 'snake_case' });
  db.insert(s.accounts).values({ id: 'acc', name: 'Acme' }).run();
  db.insert(s.agents)
    .values({ id: 'ag', accountId: 'acc', email: 'ada@acme.example', name: 'Ada', passwordHash: 'scrypt$x', role: 'owner', languages: ['en', 'fr'], skills: ['billing'], presence: 'away', lastSeenAt: at('2026-11-30T10:00:00.123Z') })
    .run();
  db.insert(s.sites)
    .values({ id: 'site', accountId: 'acc', name: 'Shop', publicKey: 'pk_copy', secret: 'sk_copy', allowedOrigins: ['https://shop.example'], settings: { theme: { color: '#123456' }, bot: { provider: 'local' } }, ticketSeq: 7 })
    .run();
  db.insert(s.visitors)
    .values({ id: 'v', siteId: 'site', tokenHash: hashToken(VISITOR_TOKEN), name: 'Vi', email: 'vi@example.com', userId: 'u-1', attributes: { plan: 'pro', seats: 3, trial: false, note: null }, pageUrl: 'https://shop.example/cart', browser: 'Firefox on Linux' })
    .run();
  db.insert(s.visitorTokens).values({ tokenHash: 'vth2', visitorId: 'v' }).run();
  db.insert(s.conversations)
    .values({ id: 'c', siteId: 'site', visitorId: 'v', clientId: 'conv-1', status: 'open', assigneeId: 'ag', priority: 'high', category: 'billing', sentiment: -1, language: 'en', rating: 4, ratingComment: 'Kind', queuedAt: at('2026-11-30T10:01:00Z'), firstResponseAt: at('2026-11-30T10:02:00Z'), emailFollowUp: true })
    .run();
  db.insert(s.conversations).values({ id: 'ct', siteId: 'site', visitorId: 'v', clientId: 'ticket-1', kind: 'ticket', subject: 'Wrong invoice', reference: 1007, status: 'resolved', resolvedAt: at('2026-11-30T12:00:00Z') }).run();
  db.insert(s.messages)
    .values([
      { conversationId: 'c', clientId: 'm-1', authorType: 'visitor', body: 'Where is my refund?' },
      { conversationId: 'c', authorType: 'bot', body: 'Refunds take 5 days.', meta: { kind: 'answer', confidence: 0.91, sourceArticleIds: ['art'], replyTo: 1 } },
      { conversationId: 'c', authorType: 'agent', authorAgentId: 'ag', body: 'A note', internal: true },
    ])
    .run();
  db.insert(s.events)
    .values([1, 2, 3, 4].map((n) => ({ siteId: 'site', visitorId: 'v', conversationId: 'c', type: 'conversation.read', payload: { type: 'conversation.read', conversationId: 'c', reader: 'visitor', lastReadId: n } })))
    .run();
  // Pruned, and the newest gone too: the log's cursor (4) is past every row still there.
  store.sqlite.exec('delete from events where id in (1, 4)');
  db.insert(s.articles).values({ id: 'art', siteId: 'site', slug: 'refunds', title: 'Refunds', body: 'Five days.', phrasings: ['money back'], category: 'billing', locale: 'en', status: 'published', views: 7, helpful: 2, notHelpful: 1 }).run();
  db.insert(s.articleFeedback).values({ articleId: 'art', visitorId: 'v', helpful: true }).run();
  db.insert(s.messageFeedback).values({ messageId: 2, visitorId: 'v', helpful: false }).run();
  db.insert(s.botGapReviews).values({ messageId: 1, siteId: 'site', action: 'added', articleId: 'art', agentId: 'ag' }).run();
  db.insert(s.providerUsage).values({ siteId: 'site', day: '2026-11-30', calls: 12 }).run();
  db.insert(s.sessions).values({ id: 'ses', tokenHash: 'sth', agentId: 'ag', expiresAt: at('2026-12-30T00:00:00Z'), lastUsedAt: at('2026-11-30T11:00:00Z'), userAgent: 'Firefox' }).run();
  db.insert(s.apiTokens).values({ id: 'tok', accountId: 'acc', agentId: 'ag', name: 'CRM sync', scopes: ['conversations:read', 'contacts:write'], tokenHash: 'tth', lastUsedAt: at('2026-11-30T10:00:00Z') }).run();
  db.insert(s.invites).values({ id: 'inv', tokenHash: 'ith', accountId: 'acc', email: 'bo@acme.example', role: 'agent', createdBy: 'ag', expiresAt: at('2026-12-07T00:00:00Z'), revokedAt: at('2026-12-01T00:00:00Z'), revokedBy: 'ag' }).run();
  db.insert(s.loginThrottle).values({ key: 'email:abc', failures: 3, lockedUntil: at('2026-11-30T12:00:00Z'), updatedAt: at('2026-11-30T11:59:00Z') }).run();
  db.insert(s.agentDevices).values({ tokenHash: 'dev', agentId: 'ag', lastUsedAt: at('2026-11-30T11:00:00Z') }).run();
  db.insert(s.passwordResets).values({ tokenHash: 'prt', agentId: 'ag', expiresAt: at('2026-11-30T13:00:00Z'), usedAt: at('2026-11-30T12:30:00Z') }).run();
  db.insert(s.conversationReads).values({ agentId: 'ag', conversationId: 'c', lastReadMessageId: 2 }).run();
  db.insert(s.cannedResponses).values({ id: 'can', accountId: 'acc', shortcut: 'refund', title: 'Refund', body: 'Refunds take 5 days.' }).run();
  db.insert(s.auditLog).values({ accountId: 'acc', agentId: 'ag', action: 'site.update', target: 'site', details: { fields: ['settings.theme.color'] } }).run();
  db.insert(s.emailLog).values({ messageId: 3, conversationId: 'c', to: 'vi@example.com', status: 'failed', error: '550 Mailbox unavailable', attempts: 8, sentAt: null, nextAttemptAt: null }).run();
  db.insert(s.agentAvatars).values({ agentId: 'ag', bytes: PNG, mime: 'image/png', hash: 'h1', updatedAt: at('2026-11-30T09:00:00Z') }).run();
  db.insert(s.rateBuckets).values({ key: 'logins-per-ip:1.2.3.4', tokens: 2.5, refilledAt: at('2026-11-30T11:58:00Z') }).run();
  db.insert(s.webhooks)
    .values({ id: 'wh', accountId: 'acc', siteId: 'site', url: 'https://crm.example/hook', events: ['message.created'], secret: 'whsec_a', previousSecret: 'whsec_b', previousSecretExpiresAt: at('2026-12-01T00:00:00Z'), enabled: false, disabledReason: '410 Gone', failingSince: at('2026-11-30T08:00:00Z'), createdBy: 'ag' })
    .run();
  db.insert(s.webhookDeliveries)
    .values([
      { id: 'msg_a', webhookId: 'wh', eventId: 2, orderKey: 'c', type: 'message.created', body: '{"type":"message.created"}', status: 'delivered', attempts: 2, lastAttemptAt: at('2026-11-30T08:01:00Z'), deliveredAt: at('2026-11-30T08:01:00Z'), responseStatus: 200 },
      { id: 'msg_b', webhookId: 'wh', eventId: null, orderKey: null, type: 'webhook.test', body: '{}', status: 'pending', nextAttemptAt: at('2026-11-30T08:02:00Z'), error: 'HTTP 500' },
    ])
    .run();
  db.insert(s.webhookCursor).values({ id: 1, lastEventId: 3 }).run();
  db.insert(s.kbCategories).values({ id: 'cat', siteId: 'site', slug: 'billing', name: 'billing', description: 'Money matters', position: 3 }).run();
  db.insert(s.articleViews).values({ articleId: 'art', day: '2026-11-30', views: 4 }).run();
  db.insert(s.consentRecords).values({ visitorId: 'v', version: 2, text: 'We keep your chats.' }).run();
  db.insert(s.helpSessions).values({ id: 'hs_a', siteId: 'site', visitorId: 'v', source: 'widget', startedAt: at('2026-11-30T09:00:00Z'), lastAt: at('2026-11-30T09:05:00Z'), views: 3, escalatedAt: at('2026-11-30T09:06:00Z') }).run();
  db.insert(s.helpSearches).values({ siteId: 'site', sessionId: 'hs_a', query: 'cancel order', results: 0, reviewedAt: at('2026-12-01T08:00:00Z'), createdAt: at('2026-11-30T09:01:00Z') }).run();
  db.insert(s.whatsappChannels)
    .values({ id: 'wa', siteId: 'site', phoneNumberId: '1065', businessAccountId: '1022', displayPhone: '+1 555 0100', accessTokenSealed: 'v1.a.b.c', appSecretSealed: 'v1.d.e.f', verifyToken: 'wav_x' })
    .run();
  db.insert(s.whatsappInbound).values({ channelId: 'wa', body: '{"object":"whatsapp_business_account","entry":[]}', attempts: 1, nextAttemptAt: null, error: null }).run();
  // Read already: nothing for the copy's outbox to send.
  db.insert(s.whatsappMessages).values({ messageId: 2, conversationId: 'c', status: 'read', wamid: 'wamid.out.1', attempts: 1, nextAttemptAt: null }).run();
  db.insert(s.whatsappMedia).values({ id: 'wam', conversationId: 'c', mime: 'image/png', filename: 'part.png', bytes: PNG }).run();
  db.insert(s.erasedConversations)
    .values({ id: 'ec', siteId: 'site', status: 'resolved', assigneeId: 'ag', rating: 4, createdAt: at('2026-11-01T10:00:00Z'), queuedAt: at('2026-11-01T10:01:00Z'), firstResponseAt: at('2026-11-01T10:03:00Z'), resolvedAt: at('2026-11-01T11:00:00Z'), firstResponseDueAt: at('2026-11-01T14:00:00Z'), resolutionDueAt: at('2026-11-02T10:00:00Z') })
    .run();
}

/** Every row of every table, as drizzle reads it: the same JS values from either engine. */
async function everyRow(read: (key: string) => Promise<unknown[]> | unknown[]): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const [key, table] of Object.entries(s)) {
    if (!is(table, SQLiteTable)) continue;
    const rows = await read(key);
    out[getTableName(table)] = [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return out;
}

describe.runIf(testEngine === 'postgres')('pnpm parley db copy (SQLite → PostgreSQL)', () => {
  let dir: string;
  let file: string;
  let target: TestDatabase;
  let expected: Record<string, unknown[]>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-copy-'));
    file = join(dir, 'parley.db');
    const source = new SqliteStore(file);
    await source.migrate();
    fillEveryTable(source);
    const db = sqliteDrizzle({ client: source.sqlite, schema: s, casing: 'snake_case' });
    expected = await everyRow((key) => db.select().from(s[key as keyof typeof s] as SQLiteTable).all());
    await source.close();
    target = await testDatabase();
  });
  afterAll(async () => {
    await target?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies every row of every table, values unchanged', async () => {
    for (const [name, rows] of Object.entries(expected)) expect(rows.length, `fixture rows in ${name}`).toBeGreaterThan(0);
    const copied = await runCli(['db', 'copy', '--from', file, '--to', target.env.DATABASE_URL!], {});
    expect(copied.code, copied.stderr).toBe(0);
    expect(copied.stdout).toMatch(/^messages\s+3$/m);

    const store = new PgStore({ url: target.env.DATABASE_URL!, poolSize: 1, statementTimeoutMs: 10_000 });
    try {
      const pg = pgDrizzle({ client: store.pool, schema: pgSchema, casing: 'snake_case' });
      const got = await everyRow((key) => pg.select().from(pgSchema[key as keyof typeof pgSchema] as PgTable));
      expect(got).toEqual(expected);
    } finally {
      await store.close();
    }
  });

  it('refuses a second copy into the now non-empty database, changing nothing', async () => {
    const again = await runCli(['db', 'copy', '--from', file, '--to', target.env.DATABASE_URL!], {});
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/not empty/);
  });

  it('runs the product on the copy: the visitor keeps their token and stream position, and ids continue after the highest ever given', async () => {
    const server = await startServer(testConfig({ ...target.env }));
    try {
      const visitor = new VisitorClient(server.url, VISITOR_TOKEN, 'https://shop.example');
      const received: VisitorStreamEvent[] = [];
      // Seen up to event 2: event 3 is replayed; 4 was pruned at the source, nothing to miss.
      const stream = openStream(`${server.url}/v1/widget/stream?token=${VISITOR_TOKEN}`, { lastEventId: 2, headers: { origin: 'https://shop.example' }, onEvent: (e) => received.push(e) });
      expect((await stream.ready).status).toBe(200);
      const sent = await visitor.send('c', 'after-copy-1', 'Hello from PostgreSQL');
      expect(sent.status).toBe(201);
      // Three messages were copied: the next is 4. The log had given out ids up to 4: the next event is 5.
      expect(sent.body.id).toBe(4);
      await vi.waitFor(() => expect(received.some((e) => e.type === 'message.created')).toBe(true));
      // Event 3 replayed (4 was pruned at the source), then only ids past the highest the log
      // gave (4): the message's, and the router's if it has already put the chat of the
      // copied agent (away, not seen for days) back in the queue.
      expect(received[0]).toMatchObject({ type: 'conversation.read', lastReadId: 3, id: 3 });
      const later = received.slice(1).map((e) => ('id' in e ? e.id : 0));
      expect(later.length).toBeGreaterThan(0);
      expect(later.every((id) => id >= 5)).toBe(true);
      stream.close();
    } finally {
      await server.close();
    }
  });

  it('stops with a message naming the argument when the source or target is wrong', async () => {
    const missing = await runCli(['db', 'copy', '--from', join(dir, 'nope.db'), '--to', target.env.DATABASE_URL!], {});
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--from: .*does not exist/);
    const bad = await runCli(['db', 'copy', '--from', file, '--to', 'mysql://x'], {});
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--to/);
  });
});

describe('pnpm parley db migrate', () => {
  it('migrates the configured database and says so', async () => {
    const db = await testDatabase();
    try {
      const out = await runCli(['db', 'migrate'], db.env);
      expect(out.code, out.stderr).toBe(0);
      expect(out.stdout).toMatch(/is at the latest schema \(\d+ migrations\)/);
    } finally {
      await db.drop();
    }
  });

  it('stops with a message naming DATABASE_URL when the server cannot be reached', async () => {
    const out = await runCli(['db', 'migrate'], { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/^DATABASE_URL: cannot use the PostgreSQL server/m);
  });
});

