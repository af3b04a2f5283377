import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import type { VisitorStreamEvent } from '@parley/protocol';
import type { Db } from '../src/db/store';
import { conversations, events } from '../src/db/tables';
import { appendEvent, commitAndPublish, type NewEvent } from '../src/realtime/event-log';
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

describe('the events log, written by transactions at once', () => {
  // On PostgreSQL transactions run side by side and an id is taken at insert but seen at
  // commit; a stream never sends an id below one it has sent. So a later transaction that
  // committed first would make the stream skip the earlier one's event.
  it('publishes every event in id order, and the stream gets both, when a later write would commit first', async () => {
    const v = await VisitorClient.create(server.url);
    const conv = await v.conversation('order-conv-1');
    const [row] = await server.deps.db.select().from(conversations).where(eq(conversations.id, conv.id));
    const scope = { siteId: row!.siteId, visitorId: row!.visitorId };
    const event = (lastReadId: number): NewEvent => ({ type: 'conversation.read', conversationId: conv.id, reader: 'visitor', lastReadId });

    const published: number[] = [];
    const unsubscribe = server.deps.bus.subscribe(visitorTopic(row!.visitorId), (e) => {
      if ('id' in e) published.push(e.id);
    });
    const received: VisitorStreamEvent[] = [];
    const stream = openStream(`${server.url}/v1/widget/stream?token=${v.token}`, { onEvent: (e) => received.push(e) });
    await stream.ready;
    await sleep(100);

    let appended!: () => void;
    const firstAppended = new Promise<void>((resolve) => (appended = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = commitAndPublish(server.deps, async (tx) => {
      const logged = await appendEvent(tx, scope, event(101));
      appended();
      await gate;
      return { logged: [logged] };
    });
    await firstAppended;
    const second = commitAndPublish(server.deps, async (tx) => ({ logged: [await appendEvent(tx, scope, event(102))] }));
    // Room for the second write to overtake the first, were it let.
    await sleep(200);
    release();
    await Promise.all([first, second]);

    expect(published).toHaveLength(2);
    expect(published[0]).toBeLessThan(published[1]!);
    await eventually(() => received.filter((e) => e.type === 'conversation.read').length === 2, 'both events on the stream');
    expect(received.filter((e) => e.type === 'conversation.read').map((e) => (e as { lastReadId: number }).lastReadId)).toEqual([101, 102]);
    stream.close();
    unsubscribe();
  });

  it('commits the writes queued behind a transaction together, and a write that throws fails alone', async () => {
    const v = await VisitorClient.create(server.url);
    const conv = await v.conversation('order-conv-2');
    const [row] = await server.deps.db.select().from(conversations).where(eq(conversations.id, conv.id));
    const scope = { siteId: row!.siteId, visitorId: row!.visitorId };
    const write = (lastReadId: number) => (tx: Db) => appendEvent(tx, scope, { type: 'conversation.read', conversationId: conv.id, reader: 'visitor', lastReadId }).then((l) => ({ logged: [l] }));
    const published: number[] = [];
    const unsubscribe = server.deps.bus.subscribe(visitorTopic(row!.visitorId), (e) => {
      if (e.type === 'conversation.read') published.push(e.lastReadId);
    });

    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const holding = commitAndPublish(server.deps, async (tx) => {
      const written = await write(200)(tx);
      await gate;
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
    release();
    await holding;
    const settled = await Promise.allSettled(queued);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toEqual(new Error('this write fails'));
    expect(published).toEqual([200, 201, 203]);
    const logged = await server.deps.db.select({ payload: events.payload }).from(events).where(eq(events.conversationId, conv.id)).orderBy(asc(events.id));
    expect(logged.map((e) => (e.payload as { lastReadId?: number }).lastReadId).filter(Boolean)).toEqual([200, 201, 203]);
    unsubscribe();
  });
});
