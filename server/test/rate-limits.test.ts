import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/test-server';
import { VisitorClient } from './helpers/visitor-client';

/** Runs `body` against a server of its own with these settings. */
async function withServer(env: Record<string, string>, body: (server: TestServer) => Promise<void>) {
  const server = await startTestServer(env);
  try {
    await body(server);
  } finally {
    await server.stop();
  }
}

/** POST /v1/widget/visitors as sent through a proxy that says the client is `forwardedFor`. */
const newVisitor = (server: TestServer, forwardedFor: string) =>
  new VisitorClient(server.url).request('POST', '/v1/widget/visitors', { site: 'pk_demo' }, { 'x-forwarded-for': forwardedFor }).then((r) => r.status);

// PARLEY_RATE_VISITORS_PER_IP: '3' allows one new visitor at once per address.
const ONE_AT_ONCE = { PARLEY_RATE_VISITORS_PER_IP: '3' };

describe('the client address of rate limits and stream caps', () => {
  it('ignores X-Forwarded-For from a peer it does not trust: a spoofed header changes nothing', async () => {
    await withServer(ONE_AT_ONCE, async (server) => {
      expect([await newVisitor(server, '198.51.100.1'), await newVisitor(server, '198.51.100.2')]).toEqual([201, 429]);
    });
  });

  it('behind one trusted hop, counts each client by the address the proxy saw, whatever the client wrote before it', async () => {
    await withServer({ ...ONE_AT_ONCE, PARLEY_TRUSTED_PROXIES: '1' }, async (server) => {
      expect(await newVisitor(server, '198.51.100.1')).toBe(201);
      expect(await newVisitor(server, '198.51.100.2')).toBe(201);
      expect(await newVisitor(server, '198.51.100.1')).toBe(429);
      // The client wrote the first entry itself, the proxy appended the second.
      expect(await newVisitor(server, '198.51.100.3, 198.51.100.2')).toBe(429);
    });
  });

  it('behind trusted ranges, skips every hop in them, and only those', async () => {
    await withServer({ ...ONE_AT_ONCE, PARLEY_TRUSTED_PROXIES: '127.0.0.1/8, 10.0.0.0/8' }, async (server) => {
      expect(await newVisitor(server, '198.51.100.9, 10.1.2.3')).toBe(201);
      expect(await newVisitor(server, '198.51.100.9')).toBe(429);
      expect(await newVisitor(server, '198.51.100.9, 198.51.100.10')).toBe(201);
    });
  });

  it('counts IPv6 clients by their /64, and an IPv4-mapped address as the IPv4 one', async () => {
    await withServer({ ...ONE_AT_ONCE, PARLEY_TRUSTED_PROXIES: 'loopback' }, async (server) => {
      expect(await newVisitor(server, '2001:db8:1:2::1')).toBe(201);
      expect(await newVisitor(server, '2001:db8:1:2:ffff:ffff:ffff:5')).toBe(429);
      expect(await newVisitor(server, '2001:db8:1:3::1')).toBe(201);
      expect(await newVisitor(server, '::ffff:198.51.100.20')).toBe(201);
      expect(await newVisitor(server, '198.51.100.20')).toBe(429);
    });
  });
});

describe('per-visitor and per-IP limits, each on the routes it is for', () => {
  let server: TestServer;
  beforeAll(async () => {
    // A visitor's writes: 3 at once (starting a conversation is one); searches and configs: 1 at once per IP.
    server = await startTestServer({ PARLEY_RATE_MESSAGES_PER_VISITOR: '9', PARLEY_RATE_ARTICLES_PER_IP: '3', PARLEY_RATE_CONFIG_PER_IP: '3', PARLEY_TRUSTED_PROXIES: 'loopback' });
  });
  afterAll(() => server.stop());

  /** A visitor whose requests come from `address`. */
  async function visitorAt(address: string) {
    const v = await VisitorClient.create(server.url);
    const request = (method: string, path: string, body?: unknown) => v.request(method, path, body, { 'x-forwarded-for': address }).then((r) => r.status);
    return { v, request };
  }

  it("leaves a visitor's message budget whole after 200 searches as they type", async () => {
    const { v, request } = await visitorAt('198.51.100.30');
    const conv = await v.conversation('budget-conv');
    const searches = [];
    for (let i = 0; i < 200; i++) searches.push(await request('GET', `/v1/widget/articles?q=${'refund policy'.slice(0, (i % 13) + 1)}`));
    expect(searches[0]).toBe(200);
    expect(new Set(searches.slice(1))).toEqual(new Set([429]));
    const sends = [];
    for (let i = 0; i < 3; i++) sends.push(await request('POST', `/v1/widget/conversations/${conv.id}/messages`, { clientId: `budget-msg-${i}`, body: 'hi' }));
    expect(sends).toEqual([201, 201, 429]);
  });

  it('limits article searches and reads per IP, with or without a token, apart from the config', async () => {
    const { request } = await visitorAt('198.51.100.31');
    const anonymous = (path: string) => fetch(`${server.url}${path}`, { headers: { 'x-forwarded-for': '198.51.100.31' } });
    expect(await request('GET', '/v1/widget/articles?q=refund')).toBe(200);
    const refused = await anonymous('/v1/widget/articles?site=pk_demo&q=refund');
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
    expect(await request('GET', '/v1/widget/articles/art_nope')).toBe(429);
    expect((await anonymous('/v1/widget/config?site=pk_demo')).status).toBe(200);
    expect((await anonymous('/v1/widget/config?site=pk_demo')).status).toBe(429);
    // Another address has budgets of its own.
    const elsewhere = await fetch(`${server.url}/v1/widget/articles?site=pk_demo&q=refund`, { headers: { 'x-forwarded-for': '198.51.100.32' } });
    expect(elsewhere.status).toBe(200);
  });
});
