import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { VisitorStreamEvent } from '@parley/protocol';
import { conversations } from '../src/db/tables';
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
});
