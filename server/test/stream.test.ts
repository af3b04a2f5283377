import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DurableEvent, ErrorBody, VisitorStreamEvent } from '@parley/protocol';
import { postServerMessage } from '../src/conversations/commands';
import { logHead } from '../src/realtime/event-log';
import { InboxClient } from './helpers/inbox-client';
import { sleep } from './helpers/random';
import { openStream } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/test-server';
import { VisitorClient } from './helpers/visitor-client';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ PARLEY_HEARTBEAT_SECONDS: '1', PARLEY_STREAM_REPLAY_MAX: '50' });
});
afterAll(() => server.stop());

async function collect(url: string, opts: { lastEventId?: number; headers?: Record<string, string> }, until: (events: VisitorStreamEvent[]) => boolean) {
  const events: VisitorStreamEvent[] = [];
  const conn = openStream(url, { ...opts, onEvent: (e) => events.push(e) });
  const deadline = Date.now() + 10_000;
  while (!until(events) && Date.now() < deadline) await sleep(20);
  conn.close();
  return { events };
}

const durableIds = (events: VisitorStreamEvent[]) => events.flatMap((e) => ('id' in e ? [(e as DurableEvent).id] : []));
const bodies = (events: VisitorStreamEvent[]) => events.map((e) => (e.type === 'message.created' ? e.message.body : e.type));

/** `n` agent replies in the conversation, each with its event in the log. */
async function agentReplies(conversationId: string, n: number, prefix: string) {
  for (let i = 0; i < n; i++) await postServerMessage(server.deps, { conversationId, authorType: 'agent', body: `${prefix} ${i}` });
}

describe('GET /v1/widget/stream', () => {
  it('replays every event after ?lastEventId= and then delivers live ones', async () => {
    const v = await VisitorClient.create(server.url);
    const conv = await v.conversation('stream-conv-1');
    for (let i = 0; i < 3; i++) await v.send(conv.id, `stream-msg-${i}`, `m${i}`);
    const all = await collect(`${server.url}/v1/widget/stream?token=${v.token}`, {}, (e) => e.length >= 4);
    const ids = durableIds(all.events);
    expect(all.events.map((e) => e.type)).toEqual(['conversation.updated', 'message.created', 'message.created', 'message.created']);

    const events: VisitorStreamEvent[] = [];
    const conn = openStream(`${server.url}/v1/widget/stream?token=${v.token}&lastEventId=${ids[1]}`, { onEvent: (e) => events.push(e) });
    await conn.ready;
    await postServerMessage(server.deps, { conversationId: conv.id, authorType: 'agent', body: 'live one' });
    while (events.length < 3) await sleep(20);
    conn.close();
    expect(events.map((e) => (e.type === 'message.created' ? e.message.body : e.type))).toEqual(['m1', 'm2', 'live one']);
  });

  it('prefers the Last-Event-ID header that EventSource sends over the URL it was opened with', async () => {
    const v = await VisitorClient.create(server.url);
    const conv = await v.conversation('stream-conv-2');
    for (let i = 0; i < 2; i++) await v.send(conv.id, `header-msg-${i}`, `h${i}`);
    const first = await collect(`${server.url}/v1/widget/stream?token=${v.token}`, {}, (e) => e.length >= 3);
    const [, firstMessageId] = durableIds(first.events);
    const resumed = await collect(`${server.url}/v1/widget/stream?token=${v.token}&lastEventId=0`, { lastEventId: firstMessageId }, (e) => e.length >= 1);
    expect(resumed.events.map((e) => (e.type === 'message.created' ? e.message.body : e.type))).toEqual(['h1']);
  });

  it('sends heartbeat comments on an idle stream', async () => {
    const v = await VisitorClient.create(server.url);
    const comments: string[] = [];
    const conn = openStream(`${server.url}/v1/widget/stream?token=${v.token}`, { onEvent: () => {}, onComment: (c) => comments.push(c) });
    const deadline = Date.now() + 10_000;
    while (comments.length < 2 && Date.now() < deadline) await sleep(50);
    conn.close();
    expect(comments.slice(0, 2).map((c) => c.trim())).toEqual(['heartbeat', 'heartbeat']);
  });

  it("never carries another visitor's events", async () => {
    const a = await VisitorClient.create(server.url);
    const b = await VisitorClient.create(server.url);
    const events: VisitorStreamEvent[] = [];
    const conn = openStream(`${server.url}/v1/widget/stream?token=${a.token}`, { onEvent: (e) => events.push(e) });
    await conn.ready;
    const convB = await b.conversation('stream-conv-b');
    await b.send(convB.id, 'b-private-1', 'secret of B');
    const convA = await a.conversation('stream-conv-a');
    await a.send(convA.id, 'a-own-msg-1', 'mine');
    while (events.length < 2) await sleep(20);
    await sleep(100);
    conn.close();
    expect(events.every((e) => 'conversationId' in e && e.conversationId === convA.id)).toBe(true);
  });

  it('answers 401 without a token or with a forged one, and 400 for a malformed Last-Event-ID', async () => {
    const anon = await fetch(`${server.url}/v1/widget/stream`);
    expect(anon.status).toBe(401);
    expect(((await anon.json()) as ErrorBody).error.code).toBe('unauthorized');
    const forged = await fetch(`${server.url}/v1/widget/stream?token=vt_nope`);
    expect(forged.status).toBe(401);
    const v = await VisitorClient.create(server.url);
    const bad = await fetch(`${server.url}/v1/widget/stream?token=${v.token}`, { headers: { 'last-event-id': '12abc' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.code).toBe('invalid_request');
    const badQuery = await fetch(`${server.url}/v1/widget/stream?token=${v.token}&lastEventId=-1`);
    expect(badQuery.status).toBe(400);
  });
});

describe('catching up, bounded (PARLEY_STREAM_REPLAY_MAX: 50 here)', () => {
  it('replays a client 10 events behind, but sends one further behind a reset at the head, then live events', async () => {
    const v = await VisitorClient.create(server.url);
    const conv = await v.conversation('bounded-conv');
    await agentReplies(conv.id, 60, 'old');
    const head = await logHead(server.deps.db);

    const near = await collect(`${server.url}/v1/widget/stream?token=${v.token}&lastEventId=${head - 10}`, {}, (e) => e.length >= 10);
    expect(bodies(near.events)).toEqual(Array.from({ length: 10 }, (_, i) => `old ${50 + i}`));

    const events: VisitorStreamEvent[] = [];
    const ids: (string | undefined)[] = [];
    const conn = openStream(`${server.url}/v1/widget/stream?token=${v.token}&lastEventId=0`, {
      onEvent: (e, id) => {
        events.push(e);
        ids.push(id);
      },
    });
    await conn.ready;
    await postServerMessage(server.deps, { conversationId: conv.id, authorType: 'agent', body: 'live' });
    while (events.length < 2) await sleep(20);
    conn.close();
    expect(events[0]).toEqual({ id: head, type: 'reset' });
    expect(ids[0]).toBe(String(head));
    expect(bodies(events.slice(1))).toEqual(['live']);
  });

  it("opens an agent's stream without a position at the head, with a reset instead of the account's history", async () => {
    const v = await VisitorClient.create(server.url);
    const conv = await v.conversation('inbox-head-conv');
    await agentReplies(conv.id, 3, 'history');
    const agent = await InboxClient.login(server.url);
    const headers = { cookie: agent.cookie! };
    const events: VisitorStreamEvent[] = [];
    const conn = openStream(`${server.url}/v1/inbox/stream`, { headers, onEvent: (e) => events.push(e) });
    await conn.ready;
    await postServerMessage(server.deps, { conversationId: conv.id, authorType: 'agent', body: 'after the inbox opened' });
    while (events.length < 2) await sleep(20);
    conn.close();
    const [reset, ...rest] = events;
    expect(reset?.type).toBe('reset');
    expect(bodies(rest)).toEqual(['after the inbox opened']);

    // A reconnect from that position (EventSource sends it as Last-Event-ID) is replayed.
    const resumed = await collect(`${server.url}/v1/inbox/stream`, { headers, lastEventId: (reset as { id: number }).id }, (e) => e.length >= 1);
    expect(bodies(resumed.events)).toEqual(['after the inbox opened']);
  });
});
