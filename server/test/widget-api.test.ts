import { count } from 'drizzle-orm';
// Longer than 300 lines: the whole visitor API against one server, endpoint by endpoint, each
// with its bad-input cases beside the good ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation, ConversationList, Message, MessagePage, WidgetConfig } from '@parley/protocol';
import { newToken } from '../src/auth/tokens';
import { newId } from '../src/db/ids';
import { accounts, messages, sites } from '../src/db/tables';
import { postServerMessage } from '../src/conversations/commands';
import { expectError } from './helpers/errors';
import { startTestServer, type TestServer } from './helpers/test-server';
import { VisitorClient } from './helpers/visitor-client';

let server: TestServer;
const messageCount = async () => (await server.deps.db.select({ n: count() }).from(messages))[0]!.n;

beforeAll(async () => {
  server = await startTestServer();
  // A second site of another account, to prove nothing crosses sites.
  const accountId = newId('acc');
  await server.deps.db.insert(accounts).values({ id: accountId, name: 'Other' });
  await server.deps.db
    .insert(sites)
    .values({ id: newId('site'), accountId, name: 'Other', publicKey: 'pk_other', secret: newToken('sk'), allowedOrigins: ['https://other.example'] });
});
afterAll(() => server.stop());

describe('GET /v1/widget/config', () => {
  it('returns the demo site theme, texts, contact fields and agent availability', async () => {
    const res = await new VisitorClient(server.url).request<WidgetConfig>('GET', '/v1/widget/config?site=pk_demo');
    expect(res.status).toBe(200);
    expect(res.body.site).toEqual({ key: 'pk_demo', name: 'Demo site' });
    expect(res.body.theme.color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(res.body.contactFields).toEqual({ name: 'optional', email: 'optional', phone: 'hidden' });
    expect(res.body.agentsOnline).toBe(false);
  });

  it('answers 404 for an unknown site key and 400 for a missing or malformed one', async () => {
    const c = new VisitorClient(server.url);
    expectError(await c.request('GET', '/v1/widget/config?site=pk_nope'), 404, 'not_found');
    expectError(await c.request('GET', '/v1/widget/config'), 400, 'invalid_request');
    expectError(await c.request('GET', '/v1/widget/config?site=%3Cscript%3E'), 400, 'invalid_request');
  });
});

describe('CORS and origins', () => {
  it('answers a preflight from an allowed origin and not from another', async () => {
    const pre = (origin: string) =>
      fetch(`${server.url}/v1/widget/visitors`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    const ok = await pre('http://localhost:5173');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(ok.headers.get('access-control-allow-methods')).toBe('GET,POST,PATCH,DELETE');
    expect(ok.headers.get('access-control-allow-headers')).toBe('Authorization,Content-Type,Last-Event-ID');
    expect(ok.headers.get('access-control-max-age')).toBe('600');
    const evil = await pre('https://evil.example');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets an allowed page read the answer, and says it varies by Origin, errors included', async () => {
    const origin = 'http://localhost:5173';
    const v = await VisitorClient.create(server.url);
    for (const path of ['/v1/widget/conversations', '/v1/widget/conversations/c_nope/messages']) {
      const res = await fetch(server.url + path, { headers: { origin, authorization: `Bearer ${v.token}` } });
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('vary')).toBe('Origin');
    }
    // A missing token (401, before any handler) and the event stream too.
    const unauthorized = await fetch(`${server.url}/v1/widget/conversations`, { headers: { origin } });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('access-control-allow-origin')).toBe(origin);
    const controller = new AbortController();
    const stream = await fetch(`${server.url}/v1/widget/stream`, { headers: { origin, authorization: `Bearer ${v.token}` }, signal: controller.signal });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    expect(stream.headers.get('access-control-allow-origin')).toBe(origin);
    controller.abort();
  });

  it("refuses a visitor request from an origin the token's site does not allow, even one another site allows", async () => {
    const v = await VisitorClient.create(server.url);
    const res = await v.request('GET', '/v1/widget/conversations', undefined, { origin: 'https://other.example' });
    expectError(res, 403, 'origin_not_allowed');
    const allowed = await v.request('GET', '/v1/widget/conversations', undefined, { origin: 'http://localhost:3000' });
    expect(allowed.status).toBe(200);
  });

  it('refuses to create a visitor for a site from a page it does not allow', async () => {
    const res = await new VisitorClient(server.url).request('POST', '/v1/widget/visitors', { site: 'pk_demo' }, { origin: 'https://evil.example' });
    expectError(res, 403, 'origin_not_allowed');
  });
});

describe('POST /v1/widget/visitors', () => {
  it('creates a visitor with a long random token', async () => {
    const res = await new VisitorClient(server.url).request<{ visitorId: string; token: string }>('POST', '/v1/widget/visitors', {
      site: 'pk_demo',
      name: 'Ada',
      email: 'ada@example.com',
      phone: '+44 20 7946 0000',
      locale: 'en-GB',
    });
    expect(res.status).toBe(201);
    expect(res.body.visitorId).toMatch(/^v_/);
    // 32 random bytes, base64url: well over the 128 bits required.
    expect(res.body.token.length).toBeGreaterThanOrEqual(40);
  });

  it.each([
    ['an unknown site', { site: 'pk_missing' }, 404, 'not_found'],
    ['a bad email', { site: 'pk_demo', email: 'not-an-email' }, 400, 'invalid_request'],
    ['a bad phone', { site: 'pk_demo', phone: 'call me' }, 400, 'invalid_request'],
    ['a name that is a number', { site: 'pk_demo', name: 42 }, 400, 'invalid_request'],
    ['no site', {}, 400, 'invalid_request'],
  ])('rejects %s', async (_label, body, status, code) => {
    expectError(await new VisitorClient(server.url).request('POST', '/v1/widget/visitors', body), status, code);
  });

  it('rejects malformed JSON with invalid_json', async () => {
    expectError(await new VisitorClient(server.url).request('POST', '/v1/widget/visitors', '{"site": "pk_demo"'), 400, 'invalid_json');
  });
});

describe('conversations and messages', () => {
  it('creates a conversation once per clientId and lists it', async () => {
    const v = await VisitorClient.create(server.url);
    const first = await v.request<Conversation>('POST', '/v1/widget/conversations', { clientId: 'conv-client-1' });
    const again = await v.request<Conversation>('POST', '/v1/widget/conversations', { clientId: 'conv-client-1' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(first.body.status).toBe('bot');
    const list = await v.request<ConversationList>('GET', '/v1/widget/conversations');
    expect(list.body.conversations.map((c) => c.id)).toEqual([first.body.id]);
  });

  it('stores a message once: a retry with the same clientId returns 200 and the same message', async () => {
    const v = await VisitorClient.create(server.url);
    const conv = await v.conversation('conv-retry-1');
    const before = await messageCount();
    const first = await v.send(conv.id, 'msg-client-1', 'Hello 👋 — ça va? 你好');
    const retry = await v.send(conv.id, 'msg-client-1', 'Hello 👋 — ça va? 你好');
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.body).toEqual(first.body);
    expect(first.body.body).toBe('Hello 👋 — ça va? 你好');
    expect(first.body.author.type).toBe('visitor');
    expect(await messageCount()).toBe(before + 1);
  });

  it('pages messages in order with after and limit, and never shows internal notes', async () => {
    const v = await VisitorClient.create(server.url);
    const conv = await v.conversation('conv-page-1');
    for (let i = 0; i < 5; i++) await v.send(conv.id, `page-msg-${i}`, `m${i}`);
    await postServerMessage(server.deps, { conversationId: conv.id, authorType: 'agent', body: 'private note', internal: true });
    await postServerMessage(server.deps, { conversationId: conv.id, authorType: 'bot', body: 'bot reply', meta: { kind: 'answer', confidence: 0.9 } });
    const p1 = await v.request<MessagePage>('GET', `/v1/widget/conversations/${conv.id}/messages?limit=3`);
    expect(p1.body.messages.map((m) => m.body)).toEqual(['m0', 'm1', 'm2']);
    expect(p1.body.hasMore).toBe(true);
    const last = p1.body.messages.at(-1)!;
    const p2 = await v.request<MessagePage>('GET', `/v1/widget/conversations/${conv.id}/messages?after=${last.id}&limit=50`);
    expect(p2.body.messages.map((m) => m.body)).toEqual(['m3', 'm4', 'bot reply']);
    expect(p2.body.hasMore).toBe(false);
    expect(p2.body.messages.at(-1)?.meta).toEqual({ kind: 'answer', confidence: 0.9 });
  });

  it.each([
    ['an empty body', { clientId: 'bad-msg-1', body: '   ' }],
    ['a 10,000-character body', { clientId: 'bad-msg-2', body: 'x'.repeat(10_000) }],
    ['a control character', { clientId: 'bad-msg-3', body: 'hi\u0007there' }],
    ['a lone surrogate', { clientId: 'bad-msg-4', body: 'broken \ud83d emoji' }],
    ['a body of the wrong type', { clientId: 'bad-msg-5', body: { html: '<b>' } }],
    ['a clientId with spaces', { clientId: 'has spaces in it', body: 'hi' }],
    ['no clientId', { body: 'hi' }],
  ])('rejects %s with 400 and writes nothing', async (_label, payload) => {
    const v = await VisitorClient.create(server.url);
    const conv = await v.conversation('conv-bad-input');
    const before = await messageCount();
    expectError(await v.request('POST', `/v1/widget/conversations/${conv.id}/messages`, payload), 400, 'invalid_request');
    expect(await messageCount()).toBe(before);
  });

  it('answers 413 for a body over 64 KiB and writes nothing', async () => {
    const v = await VisitorClient.create(server.url);
    const conv = await v.conversation('conv-too-big');
    const before = await messageCount();
    const res = await v.request('POST', `/v1/widget/conversations/${conv.id}/messages`, { clientId: 'big-1', body: 'x'.repeat(70_000) });
    expectError(res, 413, 'payload_too_large');
    expect(await messageCount()).toBe(before);
  });

  /** A POST whose body streams in two chunks, so it carries Transfer-Encoding: chunked and no Content-Length. */
  async function postChunked(v: VisitorClient, conversationId: string, payload: unknown) {
    const json = new TextEncoder().encode(JSON.stringify(payload));
    const res = await fetch(`${server.url}/v1/widget/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${v.token}` },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(json.subarray(0, 10));
          controller.enqueue(json.subarray(10));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    return { status: res.status, body: (await res.json()) as unknown };
  }

  it('answers 413 for a chunked body over 64 KiB, which declares no length', async () => {
    const v = await VisitorClient.create(server.url);
    const conv = await v.conversation('conv-too-big-chunked');
    const before = await messageCount();
    expectError(await postChunked(v, conv.id, { clientId: 'big-chunked-1', body: 'x'.repeat(70_000) }), 413, 'payload_too_large');
    expect(await messageCount()).toBe(before);
  });

  it('takes a chunked body under the limit like any other', async () => {
    const v = await VisitorClient.create(server.url);
    const conv = await v.conversation('conv-chunked');
    const res = await postChunked(v, conv.id, { clientId: 'chunked-msg-1', body: 'sent in chunks' });
    expect(res.status).toBe(201);
    expect((res.body as Message).body).toBe('sent in chunks');
  });

  it('accepts newlines, tabs and emoji', async () => {
    const v = await VisitorClient.create(server.url);
    const conv = await v.conversation('conv-emoji');
    const res = await v.send(conv.id, 'emoji-msg-1', 'line one\n\tline two 🧗‍♀️🇧🇷');
    expect(res.status).toBe(201);
    expect((res.body as Message).body).toBe('line one\n\tline two 🧗‍♀️🇧🇷');
  });
});

describe('authentication and isolation', () => {
  it('answers 401 without a token and with a forged one', async () => {
    const anon = new VisitorClient(server.url);
    expectError(await anon.request('GET', '/v1/widget/conversations'), 401, 'unauthorized');
    const forged = new VisitorClient(server.url, 'vt_forgedforgedforgedforgedforgedforgedforged');
    expectError(await forged.request('GET', '/v1/widget/conversations'), 401, 'unauthorized');
    expectError(await forged.request('POST', '/v1/widget/conversations', { clientId: 'forged-1' }), 401, 'unauthorized');
  });

  it("gives visitor A a 404 for visitor B's conversation: read, post and list", async () => {
    const a = await VisitorClient.create(server.url);
    const b = await VisitorClient.create(server.url);
    const convB = await b.conversation('conv-of-b');
    await b.send(convB.id, 'b-secret-1', 'B private');
    const before = await messageCount();
    expectError(await a.request('GET', `/v1/widget/conversations/${convB.id}/messages`), 404, 'not_found');
    expectError(await a.send(convB.id, 'a-intrude-1', 'hi'), 404, 'not_found');
    expect(await messageCount()).toBe(before);
    const list = await a.request<ConversationList>('GET', '/v1/widget/conversations');
    expect(list.body.conversations).toEqual([]);
  });

  it("gives a visitor of another site a 404 for this site's conversation", async () => {
    const demo = await VisitorClient.create(server.url);
    const conv = await demo.conversation('conv-demo-site');
    const other = await VisitorClient.create(server.url, 'pk_other');
    expectError(await other.request('GET', `/v1/widget/conversations/${conv.id}/messages`), 404, 'not_found');
  });

  it('rate-limits a visitor who floods messages, with 429 and the error shape', async () => {
    const v = await VisitorClient.create(server.url);
    const conv = await v.conversation('conv-flood');
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await v.send(conv.id, `flood-msg-${i}`, 'spam')).status);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(30);
    expect(statuses).toContain(429);
    expect(statuses.every((s) => s === 201 || s === 429)).toBe(true);
  });
});

describe('rate limits per IP', () => {
  it('refuses new visitors from one IP past the configured rate', async () => {
    const strict = await startTestServer({ PARLEY_RATE_VISITORS_PER_IP: '3' });
    try {
      const c = new VisitorClient(strict.url);
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await c.request('POST', '/v1/widget/visitors', { site: 'pk_demo' })).status);
      expect(statuses).toEqual([201, 429, 429]);
    } finally {
      await strict.stop();
    }
  });
});

describe('unknown routes', () => {
  it('answers 404 with the error shape', async () => {
    expectError(await new VisitorClient(server.url).request('GET', '/v1/widget/nope'), 404, 'not_found');
  });
});
