import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../src/db/tables';
import { postServerMessage } from '../src/conversations/commands';
import { seededRandom, sleep } from './helpers/random';
import { ResilientStream } from './helpers/resilient-stream';
import { spawnServer, type SpawnedServer } from './helpers/spawn-server';
import { testDatabase, type TestDatabase } from './helpers/test-db';
import { startTestServer, type TestServer } from './helpers/test-server';
import { VisitorClient } from './helpers/visitor-client';

/** Every durable event id strictly increases across all connections: nothing twice, nothing out of order. */
function expectStrictlyIncreasing(ids: number[]) {
  for (let i = 1; i < ids.length; i++) expect(ids[i]!).toBeGreaterThan(ids[i - 1]!);
}

describe('delivery across reconnects and retries (docs/spec.md §6)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ PARLEY_RATE_MESSAGES_PER_VISITOR: '1000000' });
  });
  afterAll(() => server.stop());

  it('delivers 500 messages exactly once, in order, through random retries and reconnects', async () => {
    const seed = 20261121;
    const rand = seededRandom(seed);
    const visitor = await VisitorClient.create(server.url);
    const conv = await visitor.conversation('delivery-conv-1');
    const stream = new ResilientStream(() => server.url, visitor.token!);
    await stream.connect();

    const expectedBodies: string[] = [];
    for (let i = 0; i < 500; i++) {
      // One message in five comes from the other side (agent or bot), so both directions are proven.
      if (rand() < 0.2) {
        const body = `server ${i}`;
        await postServerMessage(server.deps, { conversationId: conv.id, authorType: rand() < 0.5 ? 'agent' : 'bot', body });
        expectedBodies.push(body);
      } else {
        const clientId = `delivery-msg-${i}`;
        const body = `visitor ${i}`;
        const r = rand();
        if (r < 0.15) {
          // A double-click or a retry racing the first request.
          const [a, b] = await Promise.all([visitor.send(conv.id, clientId, body), visitor.send(conv.id, clientId, body)]);
          expect([a.status, b.status].sort()).toEqual([200, 201]);
          expect(a.body.id).toBe(b.body.id);
        } else if (r < 0.3) {
          // The response was "lost": the client retries later with the same clientId.
          expect((await visitor.send(conv.id, clientId, body)).status).toBe(201);
          expect((await visitor.send(conv.id, clientId, body)).status).toBe(200);
        } else {
          expect((await visitor.send(conv.id, clientId, body)).status).toBe(201);
        }
        expectedBodies.push(body);
      }
      // The network flaps: drop the stream at random, come back a few messages later.
      if (stream.connected && rand() < 0.05) stream.disconnect();
      else if (!stream.connected && rand() < 0.3) await stream.connect();
    }
    if (!stream.connected) await stream.connect();
    await stream.waitForMessages(500);
    await sleep(100);
    stream.stop();

    const got = stream.messages();
    expect(
      got.map((m) => m.body),
      `seed ${seed}`,
    ).toEqual(expectedBodies);
    expectStrictlyIncreasing(stream.received.map((e) => e.id));
    expect(stream.connections).toBeGreaterThan(5);
    const rows = await server.deps.db.select({ n: count() }).from(messages).where(eq(messages.conversationId, conv.id));
    expect(rows).toEqual([{ n: 500 }]);
  });
});

describe('delivery across a server crash (docs/spec.md §6)', () => {
  let testDb: TestDatabase;
  let current: SpawnedServer | null = null;

  afterAll(async () => {
    current?.child.kill('SIGKILL');
    await current?.exited;
    await testDb?.drop();
  });

  it('loses and duplicates nothing when the server is killed with SIGKILL mid-stream and restarted', async () => {
    testDb = await testDatabase();
    const env = { PORT: '0', ...testDb.env, PARLEY_ADMIN_PASSWORD: 'test-password-123', PARLEY_RATE_MESSAGES_PER_VISITOR: '1000000' };
    current = await spawnServer(env);
    const visitor = await VisitorClient.create(current.url);
    const conv = await visitor.conversation('crash-conv-1');
    const stream = new ResilientStream(() => visitor.baseUrl, visitor.token!);
    await stream.connect();

    const total = 200;
    let acknowledged = 0;
    let failedAttempts = 0;
    let restarting: Promise<void> | null = null;
    const crashAndRestart = async (server: SpawnedServer) => {
      server.child.kill('SIGKILL');
      await server.exited;
      current = await spawnServer(env);
      visitor.baseUrl = current.url;
    };

    // Sends like the widget's offline queue: in order, each retried with the same clientId
    // until the server answers, whatever happened to the previous attempt.
    const sender = (async () => {
      for (let i = 0; i < total; i++) {
        for (;;) {
          try {
            const res = await visitor.send(conv.id, `crash-msg-${i}`, `message ${i}`);
            if (res.status === 200 || res.status === 201) break;
            throw new Error(`unexpected ${res.status}`);
          } catch {
            failedAttempts++;
            await sleep(25);
          }
        }
        acknowledged++;
        // Kill the server twice, while three more sends are still to be made in a burst.
        if ((acknowledged === 70 || acknowledged === 140) && current) {
          restarting = crashAndRestart(current);
        }
      }
    })();

    await sender;
    await (restarting as Promise<void> | null);
    await stream.waitForMessages(total);
    await sleep(100);
    stream.stop();

    expect(stream.messages().map((m) => m.body)).toEqual(Array.from({ length: total }, (_, i) => `message ${i}`));
    expectStrictlyIncreasing(stream.received.map((e) => e.id));
    expect(stream.connections).toBeGreaterThanOrEqual(3);
    // The crashes really happened under the sender's feet.
    expect(failedAttempts).toBeGreaterThan(0);
  });
});
