import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { DurableEvent } from '@parley/protocol';
import type { Store } from '../src/db/store';
import type { PgStore } from '../src/db/pg-store';
import { appendRows } from '../src/db/event-append';
import { accounts, conversations, sites, visitors } from '../src/db/tables';
import { appendEvent, commitAndPublish } from '../src/realtime/event-log';
import { visitorTopic } from '../src/realtime/event-bus';
import { PgEventBus } from '../src/realtime/pg-event-bus';
import { runEventBusContract } from '../src/realtime/event-bus.contract';
import { rateLimiter } from '../src/core/limits';
import { pruneIdleBuckets } from '../src/db/rate-buckets';
import { eventually } from './helpers/handoff';
import { sleep } from './helpers/random';
import { testDatabase, type TestDatabase } from './helpers/test-db';

/*
 * Three "processes" on one PostgreSQL database, each with a pool of its own: two writers and
 * a reader whose bus feeds streams from the events log. On PostgreSQL an id is taken at insert
 * but seen at commit, so a reader that went by id alone would skip an earlier id that
 * commits after a later one. The log's appends take ids in commit order (event-append.ts):
 * without that, the first test below fails.
 */
describe.runIf(process.env.PARLEY_TEST_PG)('the events log across processes', () => {
  let database: TestDatabase;
  const stores: Store[] = [];
  let reader: PgEventBus;
  /** The writers' buses, one per writing process. */
  const buses: PgEventBus[] = [];
  beforeAll(async () => {
    database = await testDatabase('postgres');
    for (let i = 0; i < 3; i++) stores.push(await database.open());
    const { db } = stores[0]!;
    await db.insert(accounts).values({ id: 'acc', name: 'Acme' });
    await db.insert(sites).values({ id: 'site', accountId: 'acc', name: 'Shop', publicKey: 'pk_x', secret: 's', allowedOrigins: [] });
    await db.insert(visitors).values({ id: 'v', siteId: 'site', tokenHash: 'h' });
    await db.insert(conversations).values({ id: 'c', siteId: 'site', visitorId: 'v', clientId: 'one' });
    for (const store of stores) buses.push(await PgEventBus.start(store.db, (store as PgStore).pool));
    reader = buses.pop()!;
  });
  afterAll(async () => {
    for (const bus of [...buses, reader, ...contracted]) await bus.close();
    for (const s of stores) await s.close();
    await database.drop();
  });

  const contracted: PgEventBus[] = [];
  runEventBusContract('PostgreSQL', async () => {
    const bus = await PgEventBus.start(stores[2]!.db, (stores[2] as PgStore).pool);
    contracted.push(bus);
    return bus;
  });

  it('signals ephemeral events to the streams of the other processes, not twice to its own', async () => {
    const got: [string, string][] = [];
    const offs = [...buses, reader].map((bus, i) => bus.subscribe('visitor:v', (e) => void (e.type === 'typing' && got.push([String(i), e.conversationId]))));
    buses[0]!.publish(['visitor:v'], { type: 'typing', conversationId: 'c', author: 'agent', isTyping: true });
    await eventually(() => got.length >= 3, 'typing on all three', 5_000);
    await sleep(200);
    expect(got.sort()).toEqual([
      ['0', 'c'],
      ['1', 'c'],
      ['2', 'c'],
    ]);
    offs.forEach((off) => off());
  });

  it('shares rate limits: a bucket emptied through one process is empty for the other', async () => {
    const [a, b] = [rateLimiter({ db: stores[0]!.db }, 'shared-test', 60, 2), rateLimiter({ db: stores[1]!.db }, 'shared-test', 60, 2)];
    expect([await a.take('1.2.3.4'), await b.take('1.2.3.4'), await a.take('1.2.3.4'), await b.take('1.2.3.4')]).toEqual([true, true, false, false]);
    // Another key, and another limit with the same key, have buckets of their own.
    expect(await b.take('5.6.7.8')).toBe(true);
    expect(await rateLimiter({ db: stores[0]!.db }, 'other-test', 60, 2).take('1.2.3.4')).toBe(true);
    // A second at 60 a minute gives one token back.
    await sleep(1_100);
    expect([await b.take('1.2.3.4'), await a.take('1.2.3.4')]).toEqual([true, false]);
    // Idle long enough to be full again, buckets go.
    expect(await pruneIdleBuckets(stores[0]!.db, Date.now() + 3 * 24 * 3_600_000)).toBe(3);
    expect(await a.take('1.2.3.4')).toBe(true);
  });

  const receipt = (lastReadId: number) => ({ type: 'conversation.read' as const, conversationId: 'c', reader: 'visitor' as const, lastReadId });
  function heard() {
    const got: number[] = [];
    const off = reader.subscribe(visitorTopic('v'), (e) => void (e.type === 'conversation.read' && got.push(e.lastReadId)));
    return { got, off };
  }

  /** Until a statement waits on the log's lock; a few seconds at most, so a design without one fails on what the stream got. */
  async function someoneWaits(store: Store) {
    for (let i = 0; i < 300; i++) {
      const [row] = await store.db
        .select({ n: sql<number>`count(*)` })
        .from(sql`pg_locks`)
        .where(sql`locktype = 'advisory' and not granted`);
      if (Number(row!.n) > 0) return;
      await sleep(10);
    }
  }

  it('delivers both events, once each and in order, when a writer holds its transaction open while a later one tries to commit', async () => {
    const { got, off } = heard();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let appended!: () => void;
    const inside = new Promise<void>((resolve) => (appended = resolve));
    // Writer A has taken its event's id and holds its transaction open.
    const writerA = stores[0]!.db.transaction(async (tx) => {
      await appendRows(tx, [{ siteId: 'site', visitorId: 'v', conversationId: 'c', type: 'conversation.read', payload: receipt(1), audience: 'all' }]);
      appended();
      await held;
    });
    await inside;
    // Writer B, the product's way in, on another process, a later id.
    const writerB = commitAndPublish({ db: stores[1]!.db, bus: buses[1]! }, async (tx) => ({
      logged: [appendEvent(tx, { siteId: 'site', visitorId: 'v' }, receipt(2))],
    }));
    await someoneWaits(stores[2]!);
    release();
    await Promise.all([writerA, writerB]);
    await eventually(() => got.length >= 2, 'both events heard', 5_000);
    // Anything more would come in this time.
    await sleep(200);
    expect(got).toEqual([1, 2]);
    off();
  });

  it('hears every event of many writers on two processes exactly once, in commit order, and reads the log again after losing its LISTEN connection', async () => {
    const { got, off } = heard();
    const committed: DurableEvent[] = [];
    const write = async (n: number) => {
      const i = n % 2;
      const done = await commitAndPublish({ db: stores[i]!.db, bus: buses[i]! }, async (tx) => ({
        logged: [appendEvent(tx, { siteId: 'site', visitorId: 'v' }, receipt(1000 + n))],
      }));
      committed.push(done!.logged[0]!.event);
    };
    await Promise.all(Array.from({ length: 60 }, (_, n) => write(n)));
    // The reader's LISTEN connection dies; what is written meanwhile is read from the cursor.
    await stores[2]!.db
      .select({ ok: sql`pg_terminate_backend(pid)` })
      .from(sql`pg_stat_activity`)
      .where(sql`query like 'listen %' and pid <> pg_backend_pid()`);
    await Promise.all(Array.from({ length: 20 }, (_, n) => write(60 + n)));
    await eventually(() => got.filter((n) => n >= 1000).length >= 80, 'all 80 heard', 15_000);
    await sleep(200);
    const ours = got.filter((n) => n >= 1000);
    const byId = [...committed].sort((a, b) => a.id - b.id).map((e) => (e as { lastReadId: number }).lastReadId);
    expect(ours).toEqual(byId);
    expect(new Set(ours).size).toBe(80);
    await eventually(() => reader.ready(), 'listening again');
    off();
  });
});
