import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AuditEntry, AuditPage, CannedResponse, SiteAdmin } from '@parley/protocol';
import { auditLog } from '../src/db/tables';
import { AGENT_PASSWORD, createAgent, demoSite, loginAs, signInTeam } from './helpers/agents';
import { expectError } from './helpers/errors';
import { InboxClient } from './helpers/inbox-client';
import { startTestServer, type TestServer } from './helpers/test-server';

let server: TestServer;
let team: Awaited<ReturnType<typeof signInTeam>>;

beforeAll(async () => {
  server = await startTestServer();
  team = await signInTeam(server, 'aud');
});
afterAll(() => server.stop());

const entries = async (query = '') => (await team.owner.get<AuditPage>(`/v1/inbox/audit${query}`)).body.entries;
const latest = async (action: string) => (await entries(`?action=${action}&limit=1`))[0];
const login = (email: string, password: string) => new InboxClient(server.url).post('/v1/inbox/auth/login', { email, password });

describe('the audit log records', () => {
  it('sign-ins and failed ones with the IP, never a password', async () => {
    const a = await createAgent(server, { email: 'audited-login@example.com' });
    await login(a.email, 'a-wrong-password-xyz');
    await login(a.email, AGENT_PASSWORD);
    expect(await latest('auth.login_failed')).toMatchObject({ agent: null, target: a.id, details: { reason: 'password', ip: '127.0.0.1' } });
    expect(await latest('auth.login')).toMatchObject({ agent: { id: a.id }, target: a.id, details: { ip: '127.0.0.1' } });
    const everything = JSON.stringify(await server.deps.db.select().from(auditLog));
    expect(everything).not.toContain('a-wrong-password-xyz');
    expect(everything).not.toContain(AGENT_PASSWORD);
  });

  it('a lockout once, when it starts, and an unknown address in no account: the process log has its domain only', async () => {
    const a = await createAgent(server, { email: 'audited-lock@example.com' });
    for (let i = 0; i < 9; i++) await login(a.email, 'wrong-password');
    const failures = (await entries('?action=auth.login_failed&limit=200')).filter((e) => e.target === a.id);
    expect(failures.map((e) => e.details.reason)).toEqual(['locked', 'password', 'password', 'password', 'password', 'password']);

    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await login('secret-person@unknown-domain.example', 'wrong-password');
      expect(warn.mock.calls.flat().join(' ')).toContain('unknown-domain.example');
      expect(warn.mock.calls.flat().join(' ')).not.toContain('secret-person');
    } finally {
      warn.mockRestore();
    }
    expect(JSON.stringify(await server.deps.db.select().from(auditLog))).not.toContain('unknown-domain.example');
  });

  it('password changes and resets', async () => {
    const a = await createAgent(server, { email: 'audited-password@example.com' });
    const c = await loginAs(server, a.email);
    await c.post('/v1/inbox/auth/password', { currentPassword: AGENT_PASSWORD, newPassword: 'changed-password-1' });
    await new InboxClient(server.url).post('/v1/inbox/auth/password-reset', { email: a.email });
    expect(await latest('auth.password_change')).toMatchObject({ agent: { id: a.id }, target: a.id });
    expect(await latest('auth.password_reset_request')).toMatchObject({ agent: null, target: a.id, details: { ip: '127.0.0.1' } });
  });

  it('canned responses created, changed (naming the fields) and deleted', async () => {
    const made = (await team.admin.post<CannedResponse>('/v1/inbox/canned', { shortcut: 'audited', title: 'Audited', body: 'Hello' })).body;
    await team.admin.request('PUT', `/v1/inbox/canned/${made.id}`, { shortcut: 'audited', title: 'Audited', body: 'Hello again' });
    await team.admin.delete(`/v1/inbox/canned/${made.id}`);
    const byAdmin = { agent: { name: 'aud-admin' }, target: made.id };
    expect(await latest('canned.create')).toMatchObject({ ...byAdmin, details: { shortcut: 'audited' } });
    expect(await latest('canned.update')).toMatchObject({ ...byAdmin, details: { shortcut: 'audited', fields: ['body'] } });
    expect(await latest('canned.delete')).toMatchObject(byAdmin);
  });

  it('which site settings changed, down to the field', async () => {
    const site = (await team.admin.get<SiteAdmin>(`/v1/inbox/sites/${(await demoSite(server)).id}`)).body;
    const settings = { ...site.settings, theme: { ...site.settings.theme, color: '#aa3300' }, texts: { ...site.settings.texts, greeting: 'Bonjour !' } };
    await team.admin.patch(`/v1/inbox/sites/${site.id}`, { settings, allowedOrigins: site.allowedOrigins });
    expect((await latest('site.update'))?.details).toEqual({ fields: ['settings.texts.greeting', 'settings.theme.color'] });
  });
});

describe('GET /v1/inbox/audit', () => {
  it('pages newest first and filters by action', async () => {
    const all: AuditEntry[] = [];
    let before: number | null = null;
    do {
      const page: AuditPage = (await team.owner.get<AuditPage>(`/v1/inbox/audit?limit=3${before ? `&before=${before}` : ''}`)).body;
      all.push(...page.entries);
      before = page.nextBefore;
    } while (before !== null);
    const ids = all.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((x, y) => y - x));
    expect(ids).toEqual((await entries('?limit=200')).map((e) => e.id));
    expect((await entries('?action=auth.login&limit=200')).every((e) => e.action === 'auth.login')).toBe(true);
  });

  it("is for owners and admins, shows only the account's own entries, and refuses a bad query", async () => {
    expect((await team.admin.get('/v1/inbox/audit')).status).toBe(200);
    expectError(await team.agent.get('/v1/inbox/audit'), 403, 'forbidden');
    expectError(await new InboxClient(server.url).get('/v1/inbox/audit'), 401, 'unauthorized');
    const rivals = (await team.rival.get<AuditPage>('/v1/inbox/audit?limit=200')).body.entries;
    expect(rivals.map((e) => e.agent?.name)).toEqual(['aud-rival']);
    for (const query of ['?limit=0', '?limit=500', '?action=site.destroy', '?before=-3'])
      expectError(await team.owner.get(`/v1/inbox/audit${query}`), 400, 'invalid_request');
  });
});
