import { asc, eq, sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { appendRows, lastCommittedEventId, type EventRow } from './event-append';
import { writeMessage, writeMessagesAhead, type MessageWrite } from './message-write';
import type { Store } from './store';
import { conversations, events, messages, visitors } from './tables';
import { visitorByTokenHash } from './visitor-lookup';

/*
 * Part of the storage contract (store.contract.ts, whose fixture these tests share: a site,
 * visitor `v` and conversation `c`): the two hot-path writes each engine implements its own
 * way, the message write and the append to the events log.
 */

/**
 * Until `n` statements wait on the events log's lock (PostgreSQL). SQLite's transactions wait
 * their turn inside the process, where a moment's pause lets them queue.
 */
async function waitForWaiters(store: Store, n: number): Promise<void> {
  const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
  if (store.engine !== 'postgres') return void (await pause());
  for (;;) {
    const [row] = await store.db
      .select({ waiting: sql<number>`count(*)` })
      .from(sql`pg_locks`)
      .where(sql`locktype = 'advisory' and not granted`);
    if (Number(row!.waiting) >= n) return;
    await pause();
  }
}

export function runHotPathContract(current: () => Store): void {
  it("writes a message with its conversation's bookkeeping, or nothing", async () => {
    const at = (s: number) => new Date(Date.UTC(2026, 11, 3, 12, 0, s));
    const write = (clientId: string, changes: Partial<MessageWrite> = {}, row: Partial<MessageWrite['row']> = {}) =>
      current().db.transaction((tx) =>
        writeMessage(tx, {
          row: {
            conversationId: 'c',
            clientId,
            authorType: 'visitor',
            authorAgentId: null,
            body: `said ${clientId}`,
            meta: { channel: 'email' },
            internal: false,
            createdAt: at(1),
            ...row,
          },
          visitorId: 'v',
          firstResponseAt: null,
          ...changes,
        }),
      );
    const conversation = async () => (await current().db.select().from(conversations).where(eq(conversations.id, 'c')))[0]!;
    await current()
      .db.update(conversations)
      .set({ status: 'resolved', resolvedAt: at(0) })
      .where(eq(conversations.id, 'c'));

    const first = await write('m1');
    expect(first).toEqual({ conversation: { siteId: 'site', visitorId: 'v', status: 'resolved', assigneeId: null, kind: 'chat' }, messageId: 1 });
    const [message] = await current().db.select().from(messages);
    expect(message).toMatchObject({ id: 1, clientId: 'm1', body: 'said m1', meta: { channel: 'email' }, internal: false, createdAt: at(1) });
    // Still resolved (the status is the caller's), so resolvedAt stays; the trigger saw the message.
    expect(await conversation()).toMatchObject({ updatedAt: at(1), resolvedAt: at(0), firstResponseAt: null, lastMessageId: 1, lastVisitorMessageId: 1 });

    await current().db.update(conversations).set({ status: 'open' }).where(eq(conversations.id, 'c'));
    const reply = { authorType: 'agent' as const, createdAt: at(2) };
    expect(await write('a1', { visitorId: null, firstResponseAt: at(2) }, reply)).toMatchObject({ messageId: 2 });
    expect(await write('a2', { visitorId: null, firstResponseAt: at(3) }, { ...reply, createdAt: at(3) })).toMatchObject({ messageId: 3 });
    expect(await conversation()).toMatchObject({ updatedAt: at(3), resolvedAt: null, firstResponseAt: at(2), lastMessageId: 3, lastVisitorMessageId: 1 });

    // A retry (its client id taken), another visitor's send, a missing conversation: nothing.
    expect(await write('m1', {}, { createdAt: at(9) })).toEqual({ conversation: { siteId: 'site', visitorId: 'v', status: 'open', assigneeId: null, kind: 'chat' } });
    expect(await write('m9', { visitorId: 'someone-else' })).toEqual({});
    expect(await write('m9', {}, { conversationId: 'nope' })).toEqual({});
    expect(await current().db.$count(messages)).toBe(3);
    expect((await conversation()).updatedAt).toEqual(at(3));
  });

  it("writes several conversations' messages at once, in order, each write then answered from it", async () => {
    await current().db.insert(conversations).values({ id: 'c2', siteId: 'site', visitorId: 'v', clientId: 'two', status: 'resolved' });
    await current().db.insert(messages).values({ conversationId: 'c2', authorType: 'visitor', body: 'before', clientId: 'taken' });
    const at = new Date(Date.UTC(2026, 11, 4, 9, 0, 0));
    const write = (conversationId: string, clientId: string, visitorId: string | null = 'v'): MessageWrite => ({
      row: { conversationId, clientId, authorType: 'visitor', authorAgentId: null, body: `in ${conversationId}`, meta: {}, internal: false, createdAt: at },
      visitorId,
      firstResponseAt: null,
    });
    const writes = [write('c', 'x1'), write('nope', 'x2'), write('c2', 'taken'), write('c3', 'x3', 'someone-else')];
    await current().db.insert(conversations).values({ id: 'c3', siteId: 'site', visitorId: 'v', clientId: 'three' });
    const answers = await current().db.transaction(async (tx) => {
      await writeMessagesAhead(tx, writes);
      // Nothing is written twice: each write's own call gets what was written ahead.
      const out = [];
      for (const w of writes) out.push(await writeMessage(tx, w));
      return out;
    });
    const before = { siteId: 'site', visitorId: 'v', assigneeId: null, kind: 'chat' };
    expect(answers).toEqual([{ conversation: { ...before, status: 'bot' }, messageId: 2 }, {}, { conversation: { ...before, status: 'resolved' } }, {}]);
    const stored = await current().db.select().from(messages).orderBy(asc(messages.id));
    expect(stored.map((m) => [m.id, m.conversationId, m.clientId])).toEqual([
      [1, 'c2', 'taken'],
      [2, 'c', 'x1'],
    ]);
    const [c] = await current().db.select().from(conversations).where(eq(conversations.id, 'c'));
    expect(c).toMatchObject({ updatedAt: at, lastMessageId: 2, lastVisitorMessageId: 2 });
    // Written ahead in a transaction that then rolled back: a later transaction writes anew.
    const late = write('c3', 'x4');
    const rolledBack = current().db.transaction(async (tx) => {
      await writeMessagesAhead(tx, [late]);
      throw new Error('rolled back');
    });
    await expect(rolledBack).rejects.toThrow('rolled back');
    expect(await current().db.transaction((tx) => writeMessage(tx, late))).toEqual({ conversation: { ...before, status: 'bot' }, messageId: expect.any(Number) });
    expect(await current().db.$count(messages)).toBe(3);
  });

  it('finds visitors by token hash, taking a token each from a shared bucket on PostgreSQL, however many ask at once', async () => {
    await current().db.insert(visitors).values({ id: 'v2', siteId: 'site', tokenHash: 'h2' });
    const db = current().db;
    const bucket = { name: 'contract', perMinute: 60, burst: 2 };
    // One turn of the event loop: v three times (a burst of 2), v2, an unknown token, v2 without a limit.
    const found = await Promise.all([
      visitorByTokenHash(db, 'h', bucket),
      visitorByTokenHash(db, 'h2', bucket),
      visitorByTokenHash(db, 'nope', bucket),
      visitorByTokenHash(db, 'h', bucket),
      visitorByTokenHash(db, 'h', bucket),
      visitorByTokenHash(db, 'h2'),
    ]);
    expect(found.map((f) => f && [f.visitor.id, f.site.id])).toEqual([['v', 'site'], ['v2', 'site'], undefined, ['v', 'site'], ['v', 'site'], ['v2', 'site']]);
    // SQLite's limits are in memory (core/limits.ts): the route's rateLimit takes those.
    const taken = current().engine === 'postgres' ? [true, true, undefined, true, false, undefined] : Array(6).fill(undefined);
    expect(found.map((f) => f?.taken)).toEqual(taken);
  });

  it('appends events in their order, with ids in commit order, and knows the last committed id', async () => {
    const row = (n: number): EventRow => ({
      siteId: 'site',
      visitorId: n % 2 ? 'v' : null,
      conversationId: 'c',
      type: 'conversation.read',
      payload: { n },
      audience: n % 2 ? 'all' : 'agents',
    });
    expect(await lastCommittedEventId(current().db)).toBe(0);
    expect(await current().db.transaction((tx) => appendRows(tx, [row(1), row(2), row(3)]))).toEqual([1, 2, 3]);
    const logged = await current().db.select().from(events).orderBy(asc(events.id));
    expect(logged.map((e) => [e.id, e.payload, e.visitorId, e.audience])).toEqual([
      [1, { n: 1 }, 'v', 'all'],
      [2, { n: 2 }, null, 'agents'],
      [3, { n: 3 }, 'v', 'all'],
    ]);

    // The first appender holds its transaction open: the second takes its ids only after
    // the first has committed, and the log's head is never an id not yet committed.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let appended!: () => void;
    const inside = new Promise<void>((resolve) => (appended = resolve));
    const first = current().db.transaction(async (tx) => {
      const ids = await appendRows(tx, [row(4)]);
      appended();
      await held;
      return ids;
    });
    await inside;
    const second = current().db.transaction((tx) => appendRows(tx, [row(5)]));
    const head = lastCommittedEventId(current().db);
    await waitForWaiters(current(), 2);
    release();
    expect(await first).toEqual([4]);
    expect(await second).toEqual([5]);
    expect(await head).toBeGreaterThanOrEqual(4);
    expect(await lastCommittedEventId(current().db)).toBe(5);
    expect(await current().db.transaction((tx) => appendRows(tx, []))).toEqual([]);
  });
}
