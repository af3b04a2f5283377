import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody, Invite, InviteLookup, Me } from '@parley/protocol';
import { agents, invites, loginThrottle, sessions } from '../src/db/tables';
import { AGENT_PASSWORD, createAgent, loginAs } from './helpers/agents';
import { expectError } from './helpers/errors';
import { InboxClient, OWNER } from './helpers/inbox-client';
import { startTestServer, type TestServer } from './helpers/test-server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe('login', () => {
  it('signs the owner in with an HttpOnly SameSite=Lax cookie and answers who they are', async () => {
    const c = new InboxClient(server.url);
    const res = await c.post<Me>('/v1/inbox/auth/login', { email: 'Owner@Example.com', password: OWNER.password });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ email: OWNER.email, role: 'owner' });
    const cookie = res.headers.getSetCookie().find((h) => h.startsWith('parley_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    expect((await c.get<Me>('/v1/inbox/auth/me')).body.email).toBe(OWNER.email);
  });

  it('stores only a hash of the session token', async () => {
    const c = await InboxClient.login(server.url);
    const token = c.cookie!.split('=')[1]!;
    const stored = await server.deps.db.select({ tokenHash: sessions.tokenHash }).from(sessions);
    expect(stored.some((s) => s.tokenHash === token)).toBe(false);
    expect(stored.every((s) => /^[0-9a-f]{64}$/.test(s.tokenHash))).toBe(true);
  });

  it('refuses a wrong password and an unknown email with the same answer', async () => {
    const c = new InboxClient(server.url);
    const wrong = await c.post('/v1/inbox/auth/login', { email: OWNER.email, password: 'not-the-password' });
    const unknown = await c.post('/v1/inbox/auth/login', { email: 'nobody@example.com', password: 'not-the-password' });
    expectError(wrong, 401, 'unauthorized');
    expect(unknown).toMatchObject({ status: wrong.status, body: wrong.body });
    expect(c.cookie).toBeNull();
  });

  it('answers 400 for a malformed body', async () => {
    const c = new InboxClient(server.url);
    expectError(await c.post('/v1/inbox/auth/login', { email: 'not-an-email', password: 'x' }), 400, 'invalid_request');
    expectError(await c.post('/v1/inbox/auth/login', '{"email":'), 400, 'invalid_json');
  });

  it('locks an account after repeated failures, even against the right password, until the lock ends', async () => {
    const a = await createAgent(server, { email: 'lockme@example.com' });
    const c = new InboxClient(server.url);
    for (let i = 0; i < 5; i++) expectError(await c.post('/v1/inbox/auth/login', { email: a.email, password: 'wrong-password' }), 401, 'unauthorized');
    expectError(await c.post('/v1/inbox/auth/login', { email: a.email, password: AGENT_PASSWORD }), 429, 'rate_limited');
    await server.deps.db.update(loginThrottle).set({ lockedUntil: new Date(Date.now() - 1) });
    expect((await c.post('/v1/inbox/auth/login', { email: a.email, password: AGENT_PASSWORD })).status).toBe(200);
  });

  it('counts simultaneous guesses before hashing any of them: only the allowed few are checked', async () => {
    const a = await createAgent(server, { email: 'crowded@example.com' });
    const guesses = await Promise.all(
      Array.from({ length: 42 }, () => new InboxClient(server.url).post('/v1/inbox/auth/login', { email: a.email, password: 'wrong-password' })),
    );
    const statuses = guesses.map((g) => g.status).sort();
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(37);
    expectError(await new InboxClient(server.url).post('/v1/inbox/auth/login', { email: a.email, password: AGENT_PASSWORD }), 429, 'rate_limited');
  });

  it('answers for an unknown address exactly as for a known one, lock included', async () => {
    const a = await createAgent(server, { email: 'known-lock@example.com' });
    const c = new InboxClient(server.url);
    const tries = async (email: string) => {
      const out = [];
      for (let i = 0; i < 7; i++) out.push(await c.post('/v1/inbox/auth/login', { email, password: 'wrong-password' }));
      return out.map((r) => [r.status, (r.body as ErrorBody).error.code, (r.body as ErrorBody).error.message]);
    };
    expect(await tries('nobody-lock@example.com')).toEqual(await tries(a.email));
  });

  it("lets the agent's own browser in while a stranger keeps the address locked", async () => {
    const a = await createAgent(server, { email: 'targeted@example.com' });
    const own = await InboxClient.login(server.url, a.email, AGENT_PASSWORD);
    expect(own.deviceCookie).toMatch(/^parley_device=pd_/);
    await own.post('/v1/inbox/auth/logout');
    const stranger = new InboxClient(server.url);
    for (let i = 0; i < 8; i++) await stranger.post('/v1/inbox/auth/login', { email: a.email, password: 'wrong-password' });
    expectError(await stranger.post('/v1/inbox/auth/login', { email: a.email, password: AGENT_PASSWORD }), 429, 'rate_limited');
    expect((await own.post('/v1/inbox/auth/login', { email: a.email, password: AGENT_PASSWORD })).status).toBe(200);
    // The device has a count of its own: guessing from it locks it too.
    await own.post('/v1/inbox/auth/logout');
    for (let i = 0; i < 5; i++) expectError(await own.post('/v1/inbox/auth/login', { email: a.email, password: 'wrong-password' }), 401, 'unauthorized');
    expectError(await own.post('/v1/inbox/auth/login', { email: a.email, password: AGENT_PASSWORD }), 429, 'rate_limited');
  });

  it('resets the failure count after a successful login', async () => {
    const a = await createAgent(server, { email: 'forgetful@example.com' });
    const c = new InboxClient(server.url);
    for (let i = 0; i < 4; i++) await c.post('/v1/inbox/auth/login', { email: a.email, password: 'wrong-password' });
    expect((await c.post('/v1/inbox/auth/login', { email: a.email, password: AGENT_PASSWORD })).status).toBe(200);
    for (let i = 0; i < 4; i++) await c.post('/v1/inbox/auth/login', { email: a.email, password: 'wrong-password' });
    expect((await c.post('/v1/inbox/auth/login', { email: a.email, password: AGENT_PASSWORD })).status).toBe(200);
  });
});

describe('sessions', () => {
  it('answers 401 without a session and for a made-up cookie', async () => {
    const c = new InboxClient(server.url);
    expectError(await c.get('/v1/inbox/auth/me'), 401, 'unauthorized');
    c.cookie = 'parley_session=ps_made-up';
    expectError(await c.get('/v1/inbox/auth/me'), 401, 'unauthorized');
  });

  it('refuses an expired session', async () => {
    const c = await InboxClient.login(server.url);
    const agentId = c.me.id;
    await server.deps.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.agentId, agentId));
    expectError(await c.get('/v1/inbox/auth/me'), 401, 'unauthorized');
  });

  it('logs out: the old cookie stops working even if replayed', async () => {
    const c = await InboxClient.login(server.url);
    const stolen = c.cookie;
    const res = await c.post('/v1/inbox/auth/logout');
    expect(res.status).toBe(204);
    expect(c.cookie).toBeNull();
    c.cookie = stolen;
    expectError(await c.get('/v1/inbox/auth/me'), 401, 'unauthorized');
  });

  it('ends a session older than PARLEY_SESSION_MAX_HOURS however active it is', async () => {
    const a = await createAgent(server, { email: 'marathon@example.com' });
    const c = await loginAs(server, a.email);
    const day = 24 * 3_600_000;
    await server.deps.db
      .update(sessions)
      .set({ createdAt: new Date(Date.now() - 29 * day) })
      .where(eq(sessions.agentId, a.id));
    expect((await c.get('/v1/inbox/auth/me')).status).toBe(200);
    await server.deps.db
      .update(sessions)
      .set({ createdAt: new Date(Date.now() - 31 * day) })
      .where(eq(sessions.agentId, a.id));
    expectError(await c.get('/v1/inbox/auth/me'), 401, 'unauthorized');
  });

  it('refuses the sessions of a deactivated agent', async () => {
    const a = await createAgent(server, { email: 'leaver@example.com' });
    const c = await loginAs(server, a.email);
    await server.deps.db.update(agents).set({ deactivatedAt: new Date() }).where(eq(agents.id, a.id));
    expectError(await c.get('/v1/inbox/auth/me'), 401, 'unauthorized');
  });
});

describe('CSRF', () => {
  it('refuses a state-changing request from another origin, and one with no origin at all', async () => {
    const evil = new InboxClient(server.url, 'https://evil.example');
    expectError(await evil.post('/v1/inbox/auth/login', { email: OWNER.email, password: OWNER.password }), 403, 'forbidden');
    const owner = await InboxClient.login(server.url);
    const cross = new InboxClient(server.url, 'https://evil.example');
    cross.cookie = owner.cookie;
    expectError(await cross.post('/v1/inbox/auth/logout'), 403, 'forbidden');
    const none = new InboxClient(server.url, null);
    none.cookie = owner.cookie;
    expectError(await none.post('/v1/inbox/auth/logout'), 403, 'forbidden');
    expect((await owner.get('/v1/inbox/auth/me')).status).toBe(200);
  });

  it('refuses a cross-site form post', async () => {
    const owner = await InboxClient.login(server.url);
    const res = await fetch(`${server.url}/v1/inbox/auth/logout`, {
      method: 'POST',
      headers: { cookie: owner.cookie!, 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      body: 'a=1',
    });
    expect(res.status).toBe(403);
    expect((await owner.get('/v1/inbox/auth/me')).status).toBe(200);
  });

  it('accepts a same-origin request that says so with Sec-Fetch-Site instead of Origin', async () => {
    const owner = await InboxClient.login(server.url);
    const c = new InboxClient(server.url, null);
    c.cookie = owner.cookie;
    expect((await c.request('POST', '/v1/inbox/auth/logout', {}, { 'sec-fetch-site': 'same-origin' })).status).toBe(204);
  });

  it('lets safe reads through without an Origin', async () => {
    const owner = await InboxClient.login(server.url);
    const c = new InboxClient(server.url, null);
    c.cookie = owner.cookie;
    expect((await c.get('/v1/inbox/auth/me')).status).toBe(200);
  });
});

describe('invitations', () => {
  it('lets an admin invite by link; the link works once and signs the new agent in', async () => {
    const admin = await InboxClient.login(server.url);
    const res = await admin.post<Invite>('/v1/inbox/invites', { email: 'New.Agent@example.com', role: 'agent' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: 'new.agent@example.com', role: 'agent' });
    const token = res.body.url!.split('#')[1]!;
    expect(res.body.url).toBe(`${server.url}/inbox/invite#${token}`);

    const invitee = new InboxClient(server.url);
    const lookup = await invitee.get<InviteLookup>(`/v1/inbox/invites/${token}`);
    expect(lookup.body).toEqual({ id: res.body.id, email: 'new.agent@example.com', role: 'agent', expiresAt: res.body.expiresAt, accountName: 'Demo company' });
    expectError(await invitee.post(`/v1/inbox/invites/${token}/accept`, { name: 'New Agent', password: 'short' }), 400, 'invalid_request');
    const accepted = await invitee.post<Me>(`/v1/inbox/invites/${token}/accept`, { name: 'New Agent', password: 'a-long-password' });
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ email: 'new.agent@example.com', role: 'agent', accountId: admin.me.accountId });
    expect((await invitee.get<Me>('/v1/inbox/auth/me')).body.name).toBe('New Agent');

    const again = new InboxClient(server.url);
    expectError(await again.post(`/v1/inbox/invites/${token}/accept`, { name: 'Thief', password: 'a-long-password' }), 404, 'not_found');
    expect((await InboxClient.login(server.url, 'new.agent@example.com', 'a-long-password')).me.role).toBe('agent');
  });

  it('refuses an expired invitation', async () => {
    const admin = await InboxClient.login(server.url);
    const res = await admin.post<Invite>('/v1/inbox/invites', { email: 'late@example.com' });
    await server.deps.db
      .update(invites)
      .set({ expiresAt: new Date(Date.now() - 1) })
      .where(eq(invites.id, res.body.id));
    const token = res.body.url!.split('#')[1]!;
    expectError(await new InboxClient(server.url).get(`/v1/inbox/invites/${token}`), 404, 'not_found');
    expectError(await new InboxClient(server.url).post(`/v1/inbox/invites/${token}/accept`, { name: 'Late', password: 'a-long-password' }), 404, 'not_found');
  });

  it('lets only owners and admins invite, and only owners invite owners', async () => {
    await createAgent(server, { email: 'plain@example.com', role: 'agent' });
    await createAgent(server, { email: 'admin1@example.com', role: 'admin' });
    const agent = await loginAs(server, 'plain@example.com');
    const admin = await loginAs(server, 'admin1@example.com');
    expectError(await agent.post('/v1/inbox/invites', { email: 'x@example.com' }), 403, 'forbidden');
    expectError(await admin.post('/v1/inbox/invites', { email: 'x@example.com', role: 'owner' }), 403, 'forbidden');
    expectError(await admin.post('/v1/inbox/invites', { email: 'x@example.com', role: 'king' }), 400, 'invalid_request');
  });
});

describe('login rate limit per IP and Secure cookies behind https', () => {
  it('refuses logins beyond the per-IP budget and marks the cookie Secure when PUBLIC_URL is https', async () => {
    const small = await startTestServer({ PARLEY_RATE_LOGINS_PER_IP: '3', PUBLIC_URL: 'https://inbox.example' });
    try {
      const c = new InboxClient(small.url, 'https://inbox.example');
      const first = await c.post('/v1/inbox/auth/login', OWNER);
      expect(first.status).toBe(200);
      expect(first.headers.getSetCookie().join()).toMatch(/Secure/);
      expectError(await c.post('/v1/inbox/auth/login', OWNER), 429, 'rate_limited');
    } finally {
      await small.stop();
    }
  });
});

describe('CLI', () => {
  it('creates an agent who can log in, and a site with its embed tag', async () => {
    const serverDir = fileURLToPath(new URL('..', import.meta.url));
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
        cwd: serverDir,
        env: { ...process.env, ...server.testDb.env, PUBLIC_URL: 'https://chat.example' },
        encoding: 'utf8',
      });
    const made = run('agent', 'create', '--email', 'cli@example.com', '--role', 'admin');
    expect(made.status).toBe(0);
    const password = /password: (\S+)/.exec(made.stdout)?.[1];
    expect((await InboxClient.login(server.url, 'cli@example.com', password)).me.role).toBe('admin');
    expect(run('agent', 'create', '--email', 'cli@example.com').status).toBe(2);
    expect(run('agent', 'create', '--email', 'x@example.com', '--role', 'boss').status).toBe(2);

    const site = run('site', 'create', '--name', 'Shop', '--origin', 'https://shop.example');
    expect(site.status).toBe(0);
    expect(site.stdout).toMatch(/<script async src="https:\/\/chat\.example\/widget\.js" data-site="pk_[\w-]+"><\/script>/);
    expect(run('site', 'create', '--name', 'Shop', '--origin', 'shop.example').status).toBe(2);
  });
});
