import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody, VisitorStreamEvent } from '@parley/protocol';
import { postServerMessage } from '../src/conversations/commands';
import { logHead } from '../src/realtime/event-log';
import { InboxClient } from './helpers/inbox-client';
import { sleep } from './helpers/random';
import { openStream, type SseConnection } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/test-server';
import { VisitorClient } from './helpers/visitor-client';

interface Tab {
  conn: SseConnection;
  events: VisitorStreamEvent[];
  ended: boolean;
}

/** A stream as a browser tab holds it, from `address` (the test server trusts loopback proxies). */
async function tab(url: string, address: string, headers: Record<string, string> = {}): Promise<Tab> {
  const t: Tab = { conn: openStream(url, { headers: { 'x-forwarded-for': address, ...headers }, onEvent: (e) => t.events.push(e) }), events: [], ended: false };
  void t.conn.done.then(() => (t.ended = true));
  expect((await t.conn.ready).status).toBe(200);
  return t;
}

async function until(done: () => boolean) {
  const deadline = Date.now() + 10_000;
  while (!done() && Date.now() < deadline) await sleep(20);
}

/** Closes the tabs and waits until the server has let go of their streams. */
async function closeAll(server: TestServer, tabs: Tab[]) {
  for (const t of tabs) t.conn.close();
  await until(() => server.deps.bus.listenerCount() === 0);
}

const bodies = (t: Tab) => t.events.map((e) => (e.type === 'message.created' ? e.message.body : e.type));

describe('streams per visitor and per agent', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ PARLEY_STREAMS_PER_VISITOR: '2', PARLEY_STREAMS_PER_AGENT: '2', PARLEY_TRUSTED_PROXIES: 'loopback' });
  });
  afterAll(() => server.stop());

  it("keeps a visitor's two newest streams and tells the oldest it was replaced, then ends it", async () => {
    const v = await VisitorClient.create(server.url);
    const conv = await v.conversation('caps-visitor-conv');
    const url = `${server.url}/v1/widget/stream?token=${v.token}&lastEventId=${await logHead(server.deps.db)}`;
    const tabs = [await tab(url, '198.51.100.1'), await tab(url, '198.51.100.1'), await tab(url, '198.51.100.1')];
    await until(() => tabs[0]!.ended);
    await postServerMessage(server.deps, { conversationId: conv.id, authorType: 'agent', body: 'hello' });
    await until(() => tabs.slice(1).every((t) => t.events.length === 1));
    expect(tabs.map((t) => ({ ended: t.ended, events: bodies(t) }))).toEqual([
      { ended: true, events: ['stream.replaced'] },
      { ended: false, events: ['hello'] },
      { ended: false, events: ['hello'] },
    ]);
    await closeAll(server, tabs);
  });

  it("keeps an agent's two newest inbox streams, and the agent online", async () => {
    const agent = await InboxClient.login(server.url);
    const headers = { cookie: agent.cookie! };
    const tabs: Tab[] = [];
    for (let i = 0; i < 3; i++) tabs.push(await tab(`${server.url}/v1/inbox/stream`, '198.51.100.2', headers));
    await until(() => tabs[0]!.ended && tabs.every((t) => t.events.length > 0));
    expect(tabs.map((t) => ({ ended: t.ended, events: bodies(t) }))).toEqual([
      { ended: true, events: ['reset', 'stream.replaced'] },
      { ended: false, events: ['reset'] },
      { ended: false, events: ['reset'] },
    ]);
    expect((await agent.get<{ presence: string }>('/v1/inbox/auth/me')).body.presence).toBe('online');
    await closeAll(server, tabs);
  });
});

describe('streams per address and per process', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ PARLEY_STREAMS_PER_IP: '3', PARLEY_STREAMS_PER_PROCESS: '5', PARLEY_TRUSTED_PROXIES: 'loopback' });
  });
  afterAll(() => server.stop());

  const refused = async (res: Response) => ({ status: res.status, code: ((await res.json()) as ErrorBody).error.code });
  const visitorStream = async () => `${server.url}/v1/widget/stream?token=${(await VisitorClient.create(server.url)).token}`;

  it("refuses an address's stream past its cap with 429, widget and inbox together, leaving the agent offline, until one closes", async () => {
    const agent = await InboxClient.login(server.url);
    const inbox = (address: string) => fetch(`${server.url}/v1/inbox/stream`, { headers: { cookie: agent.cookie!, 'x-forwarded-for': address } });
    const tabs = [
      await tab(await visitorStream(), '203.0.113.7'),
      await tab(await visitorStream(), '203.0.113.7'),
      await tab(await visitorStream(), '203.0.113.7'),
    ];

    expect(await refused(await inbox('203.0.113.7'))).toEqual({ status: 429, code: 'rate_limited' });
    expect((await agent.get<{ presence: string }>('/v1/inbox/auth/me')).body.presence).toBe('offline');
    const url = await visitorStream();
    expect(await refused(await fetch(url, { headers: { 'x-forwarded-for': '203.0.113.7' } }))).toEqual({ status: 429, code: 'rate_limited' });
    // Another address is not affected; and the address gets its place back once a stream closes.
    tabs.push(await tab(url, '203.0.113.8'));
    const listeners = server.deps.bus.listenerCount();
    tabs.shift()!.conn.close();
    await until(() => server.deps.bus.listenerCount() < listeners);
    tabs.push(await tab(`${server.url}/v1/inbox/stream`, '203.0.113.7', { cookie: agent.cookie! }));
    await closeAll(server, tabs);
  });

  it('refuses a stream past the process cap with 429, whatever the address', async () => {
    const tabs: Tab[] = [];
    for (let i = 1; i <= 5; i++) tabs.push(await tab(await visitorStream(), `192.0.2.${i}`));
    expect(await refused(await fetch(await visitorStream(), { headers: { 'x-forwarded-for': '192.0.2.6' } }))).toEqual({ status: 429, code: 'rate_limited' });
    await closeAll(server, tabs);
  });
});
