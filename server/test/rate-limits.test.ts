import { describe, expect, it } from 'vitest';
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
