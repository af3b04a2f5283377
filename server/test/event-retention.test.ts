import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import type { DurableEvent, VisitorStreamEvent } from '@parley/protocol';
import { events } from '../src/db/tables';
import { postServerMessage } from '../src/conversations/commands';
import { logHead } from '../src/realtime/event-log';
import { demoSite } from './helpers/agents';
import { sleep } from './helpers/random';
import { openStream } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/test-server';
import { VisitorClient } from './helpers/visitor-client';

const DAY = 24 * 60 * 60 * 1000;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ PARLEY_EVENTS_RETENTION_DAYS: '7' });
});
afterAll(() => server.stop());

const eventCount = async () => (await server.deps.db.select({ n: count() }).from(events))[0]!.n;
/** Makes every event logged so far `days` old. */
const age = (days: number) => server.deps.db.update(events).set({ createdAt: new Date(Date.now() - days * DAY) });

async function firstEvents(url: string, n: number): Promise<VisitorStreamEvent[]> {
  const events: VisitorStreamEvent[] = [];
  const conn = openStream(url, { onEvent: (e) => events.push(e) });
  const deadline = Date.now() + 10_000;
  while (events.length < n && Date.now() < deadline) await sleep(20);
  conn.close();
  return events;
}

describe('the events log kept to PARLEY_EVENTS_RETENTION_DAYS', () => {
  it('prunes what is older, keeps the rest, and resets a client whose position was pruned', async () => {
    const v = await VisitorClient.create(server.url);
    const conv = await v.conversation('retention-conv');
    for (let i = 0; i < 5; i++) await postServerMessage(server.deps, { conversationId: conv.id, authorType: 'agent', body: `old ${i}` });
    await age(8);
    const lastOld = await logHead(server.deps.db);
    const old = await eventCount();
    for (let i = 0; i < 3; i++) await postServerMessage(server.deps, { conversationId: conv.id, authorType: 'agent', body: `recent ${i}` });

    expect(await server.services.eventPruner.prune()).toBe(old);
    expect(await eventCount()).toBe(3);

    const stream = (after: number) => `${server.url}/v1/widget/stream?token=${v.token}&lastEventId=${after}`;
    // Missed the last old reply, which is gone: a reset, at the head.
    expect(await firstEvents(stream(lastOld - 1), 1)).toEqual([{ id: await logHead(server.deps.db), type: 'reset' }]);
    // Saw every old event: what follows is all still there.
    const replayed = await firstEvents(stream(lastOld), 3);
    expect(replayed.map((e) => (e.type === 'message.created' ? e.message.body : e.type))).toEqual(['recent 0', 'recent 1', 'recent 2']);
  });

  it('prunes a backlog a chunk at a time, answering requests in between', async () => {
    const siteId = (await demoSite(server)).id;
    const row = { siteId, type: 'message.created', payload: {} as DurableEvent };
    for (let i = 0; i < 50; i++) await server.deps.db.insert(events).values(Array.from({ length: 1000 }, () => row));
    await age(30);
    const finished: string[] = [];
    const pass = server.services.eventPruner.prune().then(() => finished.push('prune'));
    const request = fetch(`${server.url}/readyz`).then(() => finished.push('request'));
    await Promise.all([pass, request]);
    expect(finished).toEqual(['request', 'prune']);
    expect(await eventCount()).toBe(0);
  });
});
