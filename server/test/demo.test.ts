import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agents, sites } from '../src/db/tables';
import { DEMO_SITE_KEY } from '../src/demo/seed';
import { OWNER } from './helpers/inbox-client';
import { startTestServer, type TestServer } from './helpers/test-server';

const noRedirect = { redirect: 'manual' } as const;

describe('the demo site (PARLEY_DEMO=on, the default)', () => {
  let server: TestServer;
  let demo: string;
  beforeAll(async () => {
    server = await startTestServer();
    demo = server.services.demo!.url!;
  });
  afterAll(() => server.stop());

  it('lives on an origin of its own, and the old /demo/ address leads there', async () => {
    expect(new URL(demo).origin).not.toBe(new URL(server.url).origin);
    for (const [path, to] of [
      ['/demo/', `${demo}/`],
      ['/demo/spa.html', `${demo}/spa.html`],
      ['/', `${demo}/`],
    ]) {
      const res = await fetch(server.url + path!, noRedirect);
      expect([res.status, res.headers.get('location')]).toEqual([302, to]);
    }
  });

  it("loads the widget from Parley's origin, and its strict-CSP page allows only itself and Parley", async () => {
    const index = await (await fetch(`${demo}/`)).text();
    expect(index).toContain(`<script async src="${server.url}/widget.js" data-site="pk_demo"></script>`);
    const strict = await fetch(`${demo}/strict-csp.html`);
    expect(strict.headers.get('content-security-policy')).toBe(
      `default-src 'none'; script-src 'self' ${server.url}; style-src 'self' ${server.url}; connect-src ${server.url}; img-src 'self' ${server.url}; base-uri 'none'; form-action 'none'`,
    );
    expect((await fetch(`${demo}/identify.js`)).headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${demo}/%2e%2e/README.md`)).status).toBe(404);
  });

  it('seeds the demo site, which accepts the demo origin', async () => {
    const site = (await server.deps.db.select().from(sites).where(eq(sites.publicKey, DEMO_SITE_KEY)).limit(1))[0]!;
    expect(site.allowedOrigins).toContain(demo);
  });
});

describe('PARLEY_DEMO=off', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ PARLEY_DEMO: 'off' });
  });
  afterAll(() => server.stop());

  it('serves no demo site and no identify helper, seeds no demo site, and still seeds the owner', async () => {
    expect(server.services.demo).toBeUndefined();
    for (const path of ['/', '/demo/', '/demo/identify.js']) {
      const res = await fetch(server.url + path, noRedirect);
      expect([res.status, res.headers.get('location')]).toEqual([302, '/inbox/']);
    }
    expect(await server.deps.db.select().from(sites)).toEqual([]);
    expect(await server.deps.db.select({ email: agents.email }).from(agents)).toEqual([{ email: OWNER.email }]);
  });
});
