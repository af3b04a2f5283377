import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import type { VisitorStreamEvent } from '@parley/protocol';
import type { Db } from '../src/db/store';
import { conversations, events } from '../src/db/tables';
import { appendEvent, commitAndPublish } from '../src/realtime/event-log';
import { postVisitorMessage } from '../src/conversations/commands';
import { visitorTopic } from '../src/realtime/event-bus';
import { eventually } from './helpers/handoff';
import { sleep } from './helpers/random';
import { openStream } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/test-server';
import { VisitorClient } from './helpers/visitor-client';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

/**
 * A visitor's conversation, a log write of a read receipt in it (the event a test can tell
 * apart by `lastReadId`), and what the bus published to that visitor.
 */
async function readReceipts(clientId: string) {
  const visitor = await VisitorClient.create(server.url);
  const conv = await visitor.conversation(clientId);
  const [row] = await server.deps.db.select().from(conversations).where(eq(conversations.id, conv.id));
  const scope = { siteId: row!.siteId, visitorId: row!.visitorId };
  const write = (lastReadId: number) => async (tx: Db) => ({
    logged: [appendEvent(tx, scope, { type: 'conversation.read', conversationId: conv.id, reader: 'visitor', lastReadId })],
  });
  const published: { id: number; lastReadId: number }[] = [];
  const unsubscribe = server.deps.bus.subscribe(visitorTopic(row!.visitorId), (e) => {
    if (e.type === 'conversation.read') published.push({ id: e.id, lastReadId: e.lastReadId });
  });
  return { visitor, conversationId: conv.id, write, published, unsubscribe };
}

/** A promise the test settles when it chooses. */
function gate() {
  let open!: () => void;
  const closed = new Promise<void>((resolve) => (open = resolve));
  return { closed, open };
}

describe('the events log, written by transactions at once', () => {
  // On PostgreSQL transactions run side by side and an id is taken at insert but seen at
  // commit; a stream never sends an id below one it has sent. So a later transaction that
  // committed first would make the stream skip the earlier one's event.
  it('publishes every event in id order, and the stream gets both, when a later write would commit first', async () => {
    const { visitor, write, published, unsubscribe } = await readReceipts('order-conv-1');
    const received: VisitorStreamEvent[] = [];
    const stream = openStream(`${server.url}/v1/widget/stream?token=${visitor.token}`, { onEvent: (e) => received.push(e) });
    await stream.ready;
    await sleep(100);

    const appended = gate();
    const release = gate();
    const first = commitAndPublish(server.deps, async (tx) => {
      const written = await write(101)(tx);
      appended.open();
      await release.closed;
      return written;
    });
    await appended.closed;
    const second = commitAndPublish(server.deps, write(102));
    // Room for the second write to overtake the first, were it let.
    await sleep(200);
    release.open();
    await Promise.all([first, second]);

    // On PostgreSQL streams hear the log through its reader, a moment after the commit.
    await eventually(() => published.length === 2, 'both events published');
    expect(published[0]!.id).toBeLessThan(published[1]!.id);
    await eventually(() => received.filter((e) => e.type === 'conversation.read').length === 2, 'both events on the stream');
    expect(received.filter((e) => e.type === 'conversation.read').map((e) => (e as { lastReadId: number }).lastReadId)).toEqual([101, 102]);
    stream.close();
    unsubscribe();
  });

  it('commits the writes queued behind a transaction together, and a write that throws fails alone', async () => {
    const { conversationId, write, published, unsubscribe } = await readReceipts('order-conv-2');
    const release = gate();
    const holding = commitAndPublish(server.deps, async (tx) => {
      const written = await write(200)(tx);
      await release.closed;
      return written;
    });
    await sleep(50);
    // These three queue while the first transaction is open, and share the next one.
    const queued = [
      commitAndPublish(server.deps, write(201)),
      commitAndPublish(server.deps, async (tx) => {
        await write(202)(tx);
        throw new Error('this write fails');
      }),
      commitAndPublish(server.deps, write(203)),
    ];
    release.open();
    await holding;
    const settled = await Promise.allSettled(queued);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toEqual(new Error('this write fails'));
    await eventually(() => published.length === 3, 'three events published');
    expect(published.map((p) => p.lastReadId)).toEqual([200, 201, 203]);
    const logged = await server.deps.db
      .select({ payload: events.payload })
      .from(events)
      .where(eq(events.conversationId, conversationId))
      .orderBy(asc(events.id));
    expect(logged.map((e) => (e.payload as { lastReadId?: number }).lastReadId).filter(Boolean)).toEqual([200, 201, 203]);
    unsubscribe();
  });

  it("writes visitors' messages queued together as if one after another, in and across conversations", async () => {
    const [a, b] = [await readReceipts('order-conv-3'), await readReceipts('order-conv-4')];
    await server.deps.db.update(conversations).set({ status: 'resolved' }).where(eq(conversations.id, a.conversationId));
    const visitorOf = async (id: string) => (await server.deps.db.select().from(conversations).where(eq(conversations.id, id)))[0]!.visitorId;
    const target = async (c: { conversationId: string }) => ({ id: c.conversationId, visitorId: await visitorOf(c.conversationId) });
    const [inA, inB] = [await target(a), await target(b)];
    const release = gate();
    const holding = commitAndPublish(server.deps, async (tx) => {
      const written = await a.write(300)(tx);
      await release.closed;
      return written;
    });
    await sleep(50);
    // Queued behind it: a message reopening A, one in B, a second in A, and B's sent again.
    const queued = [
      postVisitorMessage(server.deps, inA, 'q1', 'one'),
      postVisitorMessage(server.deps, inB, 'q2', 'two'),
      postVisitorMessage(server.deps, inA, 'q3', 'three'),
      postVisitorMessage(server.deps, inB, 'q2', 'two, again'),
    ];
    release.open();
    await holding;
    const sent = await Promise.all(queued);
    expect(sent.map((s) => [s.created, s.message.body])).toEqual([
      [true, 'one'],
      [true, 'two'],
      [true, 'three'],
      [false, 'two'],
    ]);
    const ids = sent.map((s) => s.message.id);
    expect(ids[0]! < ids[1]! && ids[1]! < ids[2]! && ids[3] === ids[1]).toBe(true);
    const logged = await server.deps.db.select({ payload: events.payload }).from(events).where(eq(events.conversationId, a.conversationId)).orderBy(asc(events.id));
    const told = logged.map(({ payload: e }) => {
      const event = e as { type: string; message?: { body: string }; changes?: { status?: { to: string } }; lastReadId?: number };
      return event.message?.body ?? event.changes?.status?.to ?? event.lastReadId ?? event.type;
    });
    // The first message reopened A (to the bot), and the second found it reopened.
    expect(told.slice(-4)).toEqual([300, 'one', 'bot', 'three']);
    a.unsubscribe();
    b.unsubscribe();
  });
});
