import { afterAll, describe, expect, it } from 'vitest';
import { and, count, eq, sql } from 'drizzle-orm';
import { messages } from '../src/db/tables';
import { seededRandom, sleep } from './helpers/random';
import { ResilientStream } from './helpers/resilient-stream';
import { spawnServer, type SpawnedServer } from './helpers/spawn-server';
import { testDatabase, type TestDatabase } from './helpers/test-db';
import { VisitorClient } from './helpers/visitor-client';

/*
 * The delivery guarantee (docs/spec.md §6) across two server processes on one PostgreSQL:
 * sends go to either process, retries and duplicates to the other one, streams reconnect to
 * either with their Last-Event-ID, each process is SIGKILLed and restarted once, and the
 * LISTEN connections are cut once. Every message is stored once and reaches its visitor's
 * stream once, in order.
 */
describe.runIf(process.env.PARLEY_TEST_PG)('two processes under chaos', () => {
  let database: TestDatabase;
  const servers: (SpawnedServer | null)[] = [null, null];
  afterAll(async () => {
    for (const s of servers) s?.child.kill('SIGKILL');
    await Promise.all(servers.flatMap((s) => (s ? [s.exited] : [])));
    await database?.drop();
  });

  it('stores and streams every message exactly once, in order per conversation', async () => {
    database = await testDatabase('postgres');
    const env = { PORT: '0', ...database.env, PARLEY_ADMIN_PASSWORD: 'test-password-123', PARLEY_RATE_MESSAGES_PER_VISITOR: '1000000' };
    [servers[0], servers[1]] = await Promise.all([spawnServer(env), spawnServer(env)]);
    const rand = seededRandom(1234);
    // A process that is being restarted has no URL: requests go to the other meanwhile.
    const urls = () => servers.filter((s): s is SpawnedServer => s !== null).map((s) => s.url);
    const anyUrl = () => {
      const up = urls();
      return up[Math.floor(rand() * up.length)]!;
    };

    const VISITORS = 3;
    const EACH = 60;
    const people = await Promise.all(
      Array.from({ length: VISITORS }, async (_, v) => {
        const client = await VisitorClient.create(anyUrl());
        const conversation = await client.conversation(`chaos-conv-${v}`);
        const stream = new ResilientStream(anyUrl, client.token!);
        await stream.connect();
        return { client, conversation, stream };
      }),
    );

    let failed = 0;
    let duplicates = 0;
    const restart = async (i: number) => {
      const server = servers[i]!;
      servers[i] = null;
      server.child.kill('SIGKILL');
      await server.exited;
      servers[i] = await spawnServer(env);
    };
    const cutListeners = async () => {
      const store = await database.open();
      try {
        await store.db
          .select({ ok: sql`pg_terminate_backend(pid)` })
          .from(sql`pg_stat_activity`)
          .where(sql`query like 'listen %'`);
      } finally {
        await store.close();
      }
    };
    const chaos: Promise<void>[] = [];

    // Each visitor sends like the widget's offline queue: in order, each retried with the same
    // clientId until a process answers; some sends are made again to the other process.
    const senders = people.map(async ({ client, conversation, stream }, v) => {
      for (let i = 0; i < EACH; i++) {
        const clientId = `chaos-${v}-${i}`;
        for (;;) {
          client.baseUrl = anyUrl();
          try {
            const res = await client.send(conversation.id, clientId, `visitor ${v} message ${i}`);
            if (res.status === 200 || res.status === 201) break;
            throw new Error(`unexpected ${res.status}`);
          } catch {
            failed++;
            await sleep(25);
          }
        }
        if (rand() < 0.2) {
          client.baseUrl = anyUrl();
          const again = await client.send(conversation.id, clientId, `visitor ${v} message ${i}`).catch(() => undefined);
          if (again?.status === 200) duplicates++;
        }
        // The network flaps: drop the stream at random, come back a few messages later.
        if (stream.connected && rand() < 0.05) stream.disconnect();
        else if (!stream.connected && rand() < 0.3) await stream.connect();
        if (v === 0 && i === 15) chaos.push(restart(0));
        if (v === 0 && i === 30) chaos.push(cutListeners());
        if (v === 0 && i === 45) chaos.push(restart(1));
      }
    });
    await Promise.all(senders);
    await Promise.all(chaos);

    for (const [v, { conversation, stream }] of people.entries()) {
      if (!stream.connected) await stream.connect();
      await stream.waitForMessages(EACH);
      await sleep(200);
      stream.stop();
      expect(stream.messages().map((m) => m.body)).toEqual(Array.from({ length: EACH }, (_, i) => `visitor ${v} message ${i}`));
      const ids = stream.received.map((e) => e.id);
      expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
      const store = await database.open();
      try {
        const [stored] = await store.db
          .select({ n: count() })
          .from(messages)
          .where(and(eq(messages.conversationId, conversation.id), eq(messages.authorType, 'visitor')));
        expect(stored!.n).toBe(EACH);
      } finally {
        await store.close();
      }
    }
    // The chaos really happened under the senders' feet.
    expect(failed + duplicates).toBeGreaterThan(0);
  });
});
