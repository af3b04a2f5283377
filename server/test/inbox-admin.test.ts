import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Team,
  type AgentAdmin,
  type AgentList,
  type CannedResponse,
  type CannedResponseList,
  type Draft,
  type Invite,
  type Report,
  type SiteAdmin,
  type SiteList,
} from '@parley/protocol';
import { createArticle } from '../src/kb/articles';
import { changeConversation } from '../src/conversations/change';
import { createAccount, createAgent, demoSite, loginAs } from './helpers/agents';
import { expectError } from './helpers/errors';
import { handedOff } from './helpers/handoff';
import { InboxClient } from './helpers/inbox-client';
import { startTestServer, type TestServer } from './helpers/test-server';

let server: TestServer;
type LoggedIn = Awaited<ReturnType<typeof InboxClient.login>>;
let owner: LoggedIn;
let admin: LoggedIn;
let agent: LoggedIn;
let rival: LoggedIn;
let conversationId: string;
let cannedId: string;

beforeAll(async () => {
  server = await startTestServer();
  owner = await InboxClient.login(server.url);
  await createAgent(server, { email: 'admin@example.com', role: 'admin' });
  await createAgent(server, { email: 'agent@example.com', role: 'agent', name: 'Plain Agent' });
  admin = await loginAs(server, 'admin@example.com');
  agent = await loginAs(server, 'agent@example.com');
  const other = await createAccount(server, 'Rival Inc');
  await createAgent(server, { email: 'rival-owner@example.com', role: 'owner', accountId: other.accountId });
  rival = await loginAs(server, 'rival-owner@example.com');
  conversationId = (await handedOff(server, 'pk_demo')).conversationId;
  cannedId = (await owner.post<CannedResponse>('/v1/inbox/canned', { shortcut: 'hello', title: 'Hello', body: 'Hello! How can I help?' })).body.id;
});
afterAll(() => server.stop());

type Role = 'agent' | 'admin' | 'owner';
const rank: Record<Role, number> = { agent: 0, admin: 1, owner: 2 };

/** Every inbox route that names a resource: who may call it, and a valid request. */
async function routes(): Promise<Array<{ method: string; path: string; body?: unknown; role: Role }>> {
  const site = (await demoSite(server)).id;
  const agentId = agent.me.id;
  return [
    { method: 'GET', path: `/v1/inbox/conversations/${conversationId}`, role: 'agent' },
    {
      method: 'POST',
      path: `/v1/inbox/conversations/${conversationId}/messages`,
      body: { clientId: 'table-note-1', body: 'note', internal: true },
      role: 'agent',
    },
    { method: 'PATCH', path: `/v1/inbox/conversations/${conversationId}`, body: { category: 'table' }, role: 'agent' },
    { method: 'POST', path: `/v1/inbox/conversations/${conversationId}/typing`, body: { isTyping: false }, role: 'agent' },
    { method: 'POST', path: `/v1/inbox/conversations/${conversationId}/draft`, role: 'agent' },
    { method: 'GET', path: `/v1/inbox/sites/${site}`, role: 'admin' },
    { method: 'PATCH', path: `/v1/inbox/sites/${site}`, body: { name: 'Demo site' }, role: 'admin' },
    { method: 'POST', path: `/v1/inbox/sites/${site}/secret`, role: 'admin' },
    { method: 'PATCH', path: `/v1/inbox/agents/${agentId}`, body: { maxChats: 4 }, role: 'admin' },
    { method: 'PUT', path: `/v1/inbox/canned/${cannedId}`, body: { shortcut: 'hello', title: 'Hello', body: 'Hello again!' }, role: 'admin' },
  ];
}

describe('roles on every inbox route', () => {
  it.each(['agent', 'admin', 'owner'] as const)('lets a %s through exactly where their role allows', async (role) => {
    const client = { agent, admin, owner }[role];
    for (const r of await routes()) {
      const res = await client.request(r.method, r.path, r.body);
      if (rank[role] >= rank[r.role]) expect([200, 201, 204], `${role} ${r.method} ${r.path}: ${JSON.stringify(res.body)}`).toContain(res.status);
      else expectError(res, 403, 'forbidden');
    }
  });

  it('answers 404 to an owner of another account on every route that names a resource', async () => {
    for (const r of await routes()) expectError(await rival.request(r.method, r.path, r.body), 404, 'not_found');
    expectError(await rival.request('DELETE', `/v1/inbox/canned/${cannedId}`), 404, 'not_found');
  });

  it('answers 401 without a session on every route', async () => {
    const anonymous = new InboxClient(server.url);
    for (const r of await routes()) expectError(await anonymous.request(r.method, r.path, r.body), 401, 'unauthorized');
    for (const path of ['/v1/inbox/sites', '/v1/inbox/agents', '/v1/inbox/canned', '/v1/inbox/reports', '/v1/inbox/team', '/v1/inbox/conversations']) {
      expectError(await anonymous.get(path), 401, 'unauthorized');
    }
  });

  it('keeps lists to the own account and admin lists to admins', async () => {
    expect((await rival.get<SiteList>('/v1/inbox/sites')).body.sites.map((s) => s.name)).toEqual(['Rival Inc']);
    expect((await rival.get<CannedResponseList>('/v1/inbox/canned')).body.cannedResponses).toEqual([]);
    expect((await rival.get<AgentList>('/v1/inbox/agents')).body.agents.map((a) => a.email)).toEqual(['rival-owner@example.com']);
    expectError(await agent.get('/v1/inbox/agents'), 403, 'forbidden');
    expectError(await agent.get('/v1/inbox/reports'), 403, 'forbidden');
    expect((await agent.get<SiteList>('/v1/inbox/sites')).body.sites.map((s) => s.publicKey)).toEqual(['pk_demo']);
  });
});

describe('site settings', () => {
  it('saves theme, texts, contact fields, origins and business hours, and the widget config follows', async () => {
    const site = (await admin.get<SiteAdmin>(`/v1/inbox/sites/${(await demoSite(server)).id}`)).body;
    expect(site.embedSnippet).toBe(`<script async src="${server.url}/widget.js" data-site="pk_demo"></script>`);
    const settings = {
      ...site.settings,
      theme: { color: '#aa3300', position: 'left' },
      texts: { ...site.settings.texts, greeting: 'Bonjour !' },
      contactFields: { name: 'required', email: 'required', phone: 'hidden' },
      businessHours: { ...site.settings.businessHours, enabled: true, timezone: 'Europe/Paris' },
    };
    const res = await admin.patch<SiteAdmin>(`/v1/inbox/sites/${site.id}`, { settings, allowedOrigins: [...site.allowedOrigins, 'https://shop.example'] });
    expect(res.status).toBe(200);
    expect(res.body.settings).toMatchObject({ theme: { color: '#aa3300' }, businessHours: { timezone: 'Europe/Paris' } });
    const config = await (await fetch(`${server.url}/v1/widget/config?site=pk_demo`, { headers: { origin: 'https://shop.example' } })).json();
    expect(config).toMatchObject({ theme: { color: '#aa3300', position: 'left' }, texts: { greeting: 'Bonjour !' }, contactFields: { name: 'required' } });
    await admin.patch(`/v1/inbox/sites/${site.id}`, { settings: site.settings, allowedOrigins: site.allowedOrigins });
  });

  it('rejects bad settings with the field named', async () => {
    const id = (await demoSite(server)).id;
    const privacy = (privacyUrl: string) => ({ settings: { texts: { privacyUrl } } });
    for (const body of [
      { allowedOrigins: ['shop.example'] },
      { settings: { theme: { color: 'red' } } },
      { settings: { businessHours: { timezone: 'Mars/Olympus' } } },
      {},
      privacy('javascript:alert(document.cookie)'),
      privacy('data:text/html,<script>alert(1)</script>'),
      privacy('ftp://shop.example/privacy'),
    ]) {
      expectError(await admin.patch(`/v1/inbox/sites/${id}`, body), 400, 'invalid_request');
    }
  });

  it('stores the bot provider for owners and admins only, and refuses an unknown one', async () => {
    const id = (await demoSite(server)).id;
    const site = (await owner.get<SiteAdmin>(`/v1/inbox/sites/${id}`)).body;
    // This server has no ANTHROPIC_API_KEY: the page shows why Claude cannot be chosen.
    expect(site).toMatchObject({ settings: { bot: { provider: 'anthropic' } }, anthropicConfigured: false });
    const local = { settings: { ...site.settings, bot: { ...site.settings.bot, provider: 'local' } } };
    expectError(await agent.patch(`/v1/inbox/sites/${id}`, local), 403, 'forbidden');
    expect((await admin.patch<SiteAdmin>(`/v1/inbox/sites/${id}`, local)).body.settings.bot.provider).toBe('local');
    expect((await owner.get<SiteAdmin>(`/v1/inbox/sites/${id}`)).body.settings.bot.provider).toBe('local');
    for (const provider of ['openai', '', null]) {
      expectError(
        await owner.patch(`/v1/inbox/sites/${id}`, { settings: { ...site.settings, bot: { ...site.settings.bot, provider } } }),
        400,
        'invalid_request',
      );
    }
    expect((await owner.patch<SiteAdmin>(`/v1/inbox/sites/${id}`, { settings: site.settings })).body.settings.bot.provider).toBe('anthropic');
  });

  it('rotates the identity secret', async () => {
    const id = (await demoSite(server)).id;
    const before = (await admin.get<SiteAdmin>(`/v1/inbox/sites/${id}`)).body.identitySecret;
    const after = (await admin.post<SiteAdmin>(`/v1/inbox/sites/${id}/secret`)).body.identitySecret;
    expect(after).not.toBe(before);
    expect((await demoSite(server)).secret).toBe(after);
  });

  it('lets only the owner create a site', async () => {
    expectError(await admin.post('/v1/inbox/sites', { name: 'Shop', allowedOrigins: ['https://shop.example'] }), 403, 'forbidden');
    const res = await owner.post<SiteAdmin>('/v1/inbox/sites', { name: 'Shop', allowedOrigins: ['https://shop.example'] });
    expect(res.status).toBe(201);
    expect(res.body.publicKey).toMatch(/^pk_/);
  });
});

describe('agents', () => {
  it('sets languages, skills and capacity, and deactivating signs the agent out', async () => {
    const row = await createAgent(server, { email: 'temp@example.com' });
    const temp = await loginAs(server, row.email);
    const res = await admin.patch<AgentAdmin>(`/v1/inbox/agents/${row.id}`, { languages: ['FR', 'en'], skills: ['billing'], maxChats: 2 });
    expect(res.body).toMatchObject({ languages: ['fr', 'en'], skills: ['billing'], maxChats: 2, active: true });
    expectError(await admin.patch(`/v1/inbox/agents/${row.id}`, { maxChats: -1 }), 400, 'invalid_request');
    expect((await admin.patch<AgentAdmin>(`/v1/inbox/agents/${row.id}`, { active: false })).body.active).toBe(false);
    expectError(await temp.get('/v1/inbox/auth/me'), 401, 'unauthorized');
  });

  it('keeps owners in the hands of owners, and at least one of them', async () => {
    expectError(await admin.patch(`/v1/inbox/agents/${agent.me.id}`, { role: 'owner' }), 403, 'forbidden');
    expectError(await admin.patch(`/v1/inbox/agents/${owner.me.id}`, { active: false }), 403, 'forbidden');
    expectError(await owner.patch(`/v1/inbox/agents/${owner.me.id}`, { role: 'admin' }), 409, 'conflict');
  });

  it('lists open invitations next to the team', async () => {
    await admin.post<Invite>('/v1/inbox/invites', { email: 'pending@example.com' });
    const list = (await admin.get<AgentList>('/v1/inbox/agents')).body;
    expect(list.invites.map((i) => i.email)).toContain('pending@example.com');
    expect(list.invites.every((i) => i.url === undefined)).toBe(true);
  });

  it('shows any agent the active team with presence and load, exactly as the Team schema says', async () => {
    const team = (await agent.get<Team>('/v1/inbox/team')).body;
    // Parsing drops unknown keys: equal means no field is missing, mistyped or extra.
    expect(Team.parse(team)).toEqual(team);
    const active = (await admin.get<AgentList>('/v1/inbox/agents')).body.agents.filter((a) => a.active);
    const loads = (list: Array<{ id: string; load: number }>) => list.map((a) => `${a.id}:${a.load}`).sort();
    expect(loads(team.agents)).toEqual(loads(active));
  });
});

describe('canned responses', () => {
  it('lets admins write them, agents read them, and refuses a duplicate shortcut', async () => {
    expectError(await agent.post('/v1/inbox/canned', { shortcut: 'bye', title: 'Bye', body: 'Bye!' }), 403, 'forbidden');
    expectError(await admin.post('/v1/inbox/canned', { shortcut: 'HELLO', title: 'Dup', body: 'x' }), 409, 'conflict');
    expectError(await admin.post('/v1/inbox/canned', { shortcut: 'two words', title: 'x', body: 'x' }), 400, 'invalid_request');
    const made = await admin.post<CannedResponse>('/v1/inbox/canned', { shortcut: 'bye', title: 'Bye', body: 'Bye!' });
    expect(made.status).toBe(201);
    expect((await agent.get<CannedResponseList>('/v1/inbox/canned')).body.cannedResponses.map((c) => c.shortcut)).toEqual(['bye', 'hello']);
    expect((await admin.delete(`/v1/inbox/canned/${made.body.id}`)).status).toBe(204);
    expectError(await admin.delete(`/v1/inbox/canned/${made.body.id}`), 404, 'not_found');
  });
});

describe('AI-drafted reply (local provider)', () => {
  it('drafts from the best-matching published article, for the agent to edit', async () => {
    const site = await demoSite(server);
    await createArticle(server.deps.db, site.id, {
      title: 'Refund policy',
      body: 'Refunds take 5 business days to reach your card.',
      status: 'published',
    } as Parameters<typeof createArticle>[2]);
    const { conversationId: id } = await handedOff(server, 'pk_demo', { text: 'how long does a refund take?' });
    const draft = await agent.post<Draft>(`/v1/inbox/conversations/${id}/draft`);
    expect(draft.body.body).toContain('Refunds take 5 business days');
    expect(draft.body.sources.map((s) => s.title)).toEqual(['Refund policy']);
    // Drafting sends nothing.
    const detail = await agent.get<{ messages: unknown[] }>(`/v1/inbox/conversations/${id}`);
    expect(JSON.stringify(detail.body.messages)).not.toContain('Refunds take');
  });
});

describe('reports', () => {
  it('counts conversations, handoffs, bot resolutions and CSAT, per day and per agent, and exports CSV', async () => {
    const { accountId, site } = await createAccount(server, 'Reporting Co');
    const row = await createAgent(server, { email: 'rep@example.com', accountId, role: 'owner', name: 'Rae, "the closer"' });
    const rep = await loginAs(server, row.email);
    const human = await handedOff(server, site.publicKey);
    await rep.post(`/v1/inbox/conversations/${human.conversationId}/messages`, { clientId: 'rep-reply-1', body: 'Hi!' });
    await rep.patch(`/v1/inbox/conversations/${human.conversationId}`, { status: 'resolved' });
    expect((await human.visitor.request('POST', `/v1/widget/conversations/${human.conversationId}/rating`, { rating: 5 })).status).toBeLessThan(300);
    const bot = await handedOff(server, site.publicKey);
    await changeConversation(server.deps, bot.conversationId, { status: 'resolved', queuedAt: null, assigneeId: null }, { type: 'bot', agentId: null });

    const r = (await rep.get<Report>('/v1/inbox/reports?days=7')).body;
    expect(r.days).toHaveLength(7);
    expect(r.days.at(-1)).toMatchObject({ conversations: 2, handedOff: 1, botResolved: 1 });
    expect(r.totals).toMatchObject({ conversations: 2, botResolutionRate: 0.5, handoffRate: 0.5, csat: { average: 5, ratings: 1, satisfiedRate: 1 } });
    expect(r.totals.medianFirstResponseSeconds).toEqual(expect.any(Number));
    expect(r.agents).toEqual([expect.objectContaining({ name: 'Rae, "the closer"', conversations: 1, resolved: 1, csatAverage: 5 })]);

    const csv = await fetch(`${server.url}/v1/inbox/reports/agents.csv?days=7`, { headers: { cookie: rep.cookie! } });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect(await csv.text()).toBe(
      '"agent","conversations","resolved","median_first_response_seconds","csat_average","ratings"\n"Rae, ""the closer""","1","1","0","5.00","1"\n',
    );
    const days = await (await fetch(`${server.url}/v1/inbox/reports/days.csv?days=2`, { headers: { cookie: rep.cookie! } })).text();
    expect(days.split('\n')[0]).toBe('"date","conversations","bot_resolved","handed_off"');
    expectError(await rep.get('/v1/inbox/reports?days=0'), 400, 'invalid_request');
    expectError(await rep.get(`/v1/inbox/reports?siteId=${(await demoSite(server)).id}`), 404, 'not_found');
  });
});
