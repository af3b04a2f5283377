import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/test-server';
import { VisitorClient } from './helpers/visitor-client';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe('the probes for load balancers', () => {
  it('says alive at /healthz and ready at /readyz once the database is migrated and events flow', async () => {
    const alive = await fetch(`${server.url}/healthz`);
    expect([alive.status, await alive.json()]).toEqual([200, { ok: true }]);
    const ready = await fetch(`${server.url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { ok: true }]);
  });
});

describe('a shutdown', () => {
  it('ends open streams with a hint to reconnect soon, answers /readyz 503 and takes no new stream', async () => {
    const other = await startTestServer();
    const visitor = await VisitorClient.create(other.url);
    const res = await fetch(`${other.url}/v1/widget/stream?token=${visitor.token}`);
    expect(res.status).toBe(200);
    const body = res.text();
    // What a shutdown does first, observed before the listener goes away.
    other.services.streams.closeAll();
    expect(await body).toMatch(/retry: 500\n\n$/);
    const ready = await fetch(`${other.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ error: { code: 'unavailable', message: 'Not ready: shutting down' } });
    const refused = await fetch(`${other.url}/v1/widget/stream?token=${visitor.token}`);
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('unavailable');
    await other.stop();
  });

  it('stops with streams open, ending each with the hint', async () => {
    const other = await startTestServer();
    const visitor = await VisitorClient.create(other.url);
    const res = await fetch(`${other.url}/v1/widget/stream?token=${visitor.token}`);
    const body = res.text();
    await other.stop();
    expect(await body).toMatch(/retry: 500\n\n$/);
  });
});
