import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiTokenList, AuditPage, ConversationDetail, ConversationList, CreatedApiToken, InboxMessage } from '@parley/protocol';
import { apiTokens, agents } from '../src/db/tables';
import { createAccount, createAgent, loginAs } from './helpers/agents';
import { expectError } from './helpers/errors';
import { handedOff } from './helpers/handoff';
import { InboxClient } from './helpers/inbox-client';
import { startTestServer, type TestServer } from './helpers/test-server';

/*
 * API tokens (issue 14): one inbox API, two ways in. A token acts as the agent who made it,
 * within its scopes, without the CSRF checks that cookie sessions need, at its own rate limit.
 */
let server: TestServer;
let owner: Awaited<ReturnType<typeof InboxClient.login>>;
let conversationId: string;

beforeAll(async () => {
  // 6 a minute: 2 at once, so the third request in a row is refused.
  server = await startTestServer({ PARLEY_RATE_API_TOKEN_PER_MINUTE: '6' });
  owner = await InboxClient.login(server.url);
  conversationId = (await handedOff(server, 'pk_demo')).conversationId;
});
afterAll(() => server.stop());

const create = (by: InboxClient, name: string, scopes: string[]) => by.post<CreatedApiToken>('/v1/inbox/api-tokens', { name, scopes });

/** A script calling the API with `token`: no cookie, no Origin. */
async function withToken<T = unknown>(token: string, method: string, path: string, body?: unknown) {
  const script = new InboxClient(server.url, null);
  return script.request<T>(method, path, body, { authorization: `Bearer ${token}` });
}

describe('/v1/inbox/api-tokens', () => {
  it('creates a token shown once and stored hashed, lists it with its creator, and records both in the audit log', async () => {
    const created = await create(owner, 'CRM sync', ['conversations:read', 'conversations:read', 'contacts:read']);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'CRM sync', scopes: ['conversations:read', 'contacts:read'], createdBy: { id: owner.me.id }, lastUsedAt: null });
    expect(created.body.token).toMatch(/^pat_[\w-]{43}$/);
    const stored = (await server.deps.db.select().from(apiTokens).where(eq(apiTokens.id, created.body.id)))[0]!;
    expect(stored.tokenHash).not.toContain(created.body.token.slice(4));
    expect(JSON.stringify(stored)).not.toContain(created.body.token.slice(4));

    const list = await owner.get<ApiTokenList>('/v1/inbox/api-tokens');
    const listed = list.body.tokens.find((t) => t.id === created.body.id)!;
    expect(listed).toEqual({ ...created.body, token: undefined });
    expect('token' in listed).toBe(false);
    const auditLog = await owner.get<AuditPage>('/v1/inbox/audit?action=api_token.create');
    expect(auditLog.body.entries[0]).toMatchObject({ target: created.body.id, details: { name: 'CRM sync' } });
  });

  it('refuses a bad name or scope, and agents who are not owners or admins', async () => {
    expectError(await create(owner, '', ['kb:read']), 400, 'invalid_request');
    expectError(await create(owner, 'x', []), 400, 'invalid_request');
    expectError(await create(owner, 'x', ['everything']), 400, 'invalid_request');
    await createAgent(server, { email: 'token-agent@example.com', role: 'agent' });
    const agent = await loginAs(server, 'token-agent@example.com');
    expectError(await create(agent, 'mine', ['kb:read']), 403, 'forbidden');
    expectError(await agent.get('/v1/inbox/api-tokens'), 403, 'forbidden');
  });
});

describe('a request with an API token', () => {
  it('reads within its scopes as the agent who made it, and says when it was last used', async () => {
    const { token, id } = (await create(owner, 'reader', ['conversations:read'])).body;
    const list = await withToken<ConversationList>(token, 'GET', '/v1/inbox/conversations');
    expect(list.status).toBe(200);
    expect(list.body.conversations.some((c) => c.id === conversationId)).toBe(true);
    expect((await withToken(token, 'GET', '/v1/inbox/tickets/counts')).status).toBe(200);
    expect(list.headers.get('ratelimit-limit')).toBe('6');
    expect(Number(list.headers.get('ratelimit-remaining'))).toBeGreaterThanOrEqual(0);
    expect(Number(list.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    const listed = (await owner.get<ApiTokenList>('/v1/inbox/api-tokens')).body.tokens.find((t) => t.id === id)!;
    expect(listed.lastUsedAt).not.toBeNull();
  });

  it('is refused outside its scopes, and on routes only a person signed in may use, with the error shape', async () => {
    const { token } = (await create(owner, 'narrow', ['conversations:read'])).body;
    expectError(await withToken(token, 'POST', `/v1/inbox/conversations/${conversationId}/messages`, { clientId: 'by-token-0', body: 'hi' }), 403, 'forbidden');
    const wide = (await create(owner, 'wide', ['conversations:read', 'conversations:write', 'contacts:read', 'contacts:write', 'kb:read', 'kb:write', 'reports:read', 'settings:read', 'settings:write'])).body.token;
    for (const [method, path] of [
      ['GET', '/v1/inbox/api-tokens'],
      ['POST', '/v1/inbox/api-tokens'],
      ['GET', '/v1/inbox/me'],
      ['POST', '/v1/inbox/auth/logout'],
      ['GET', '/v1/inbox/stream'],
      ['PUT', '/v1/inbox/presence'],
    ] as const) {
      expectError(await withToken(wide, method, path, method === 'GET' ? undefined : {}), 403, 'forbidden');
    }
  });

  it('writes without the Origin a cookie session needs, as its creator', async () => {
    const { token } = (await create(owner, 'writer', ['conversations:write', 'conversations:read'])).body;
    const reply = await withToken<InboxMessage>(token, 'POST', `/v1/inbox/conversations/${conversationId}/messages`, { clientId: 'by-token-1', body: 'Answered by a script' });
    expect(reply.status).toBe(201);
    const detail = await withToken<ConversationDetail>(token, 'GET', `/v1/inbox/conversations/${conversationId}`);
    expect(detail.body.messages.find((m) => m.id === reply.body.id)?.author).toMatchObject({ type: 'agent', name: owner.me.name });
    // The same write with the session cookie and no Origin is still a cross-site request.
    const cookieOnly = Object.assign(new InboxClient(server.url, null), { cookie: owner.cookie });
    expectError(await cookieOnly.request('POST', `/v1/inbox/conversations/${conversationId}/messages`, { clientId: 'by-cookie-1', body: 'x' }), 403, 'forbidden');
  });

  it('is 401 once deleted, once its creator is deactivated, and when it never existed', async () => {
    const { token, id } = (await create(owner, 'short-lived', ['conversations:read'])).body;
    expect((await withToken(token, 'GET', '/v1/inbox/conversations')).status).toBe(200);
    expect((await owner.delete(`/v1/inbox/api-tokens/${id}`)).status).toBe(204);
    expectError(await withToken(token, 'GET', '/v1/inbox/conversations'), 401, 'unauthorized');
    expectError(await owner.delete(`/v1/inbox/api-tokens/${id}`), 404, 'not_found');
    expectError(await withToken('pat_nothing', 'GET', '/v1/inbox/conversations'), 401, 'unauthorized');
    expectError(await withToken('not-even-a-token', 'GET', '/v1/inbox/conversations'), 401, 'unauthorized');

    const admin = await createAgent(server, { email: 'token-admin@example.com', role: 'admin' });
    const adminToken = (await create(await loginAs(server, admin!.email), 'admin script', ['conversations:read'])).body.token;
    expect((await withToken(adminToken, 'GET', '/v1/inbox/conversations')).status).toBe(200);
    await server.deps.db.update(agents).set({ deactivatedAt: new Date() }).where(eq(agents.id, admin!.id));
    expectError(await withToken(adminToken, 'GET', '/v1/inbox/conversations'), 401, 'unauthorized');
  });

  it("never reaches another account's conversations", async () => {
    const other = await createAccount(server, 'Other Co');
    const rival = await createAgent(server, { email: 'token-rival@example.com', role: 'owner', accountId: other.accountId });
    const { token } = (await create(await loginAs(server, rival!.email), 'rival', ['conversations:read'])).body;
    expectError(await withToken(token, 'GET', `/v1/inbox/conversations/${conversationId}`), 404, 'not_found');
    const list = await withToken<ConversationList>(token, 'GET', '/v1/inbox/conversations');
    expect(list.body.conversations.some((c) => c.id === conversationId)).toBe(false);
  });

  it('is held to its rate limit per token, with 429 and the headers that say when to retry', async () => {
    const { token } = (await create(owner, 'busy', ['conversations:read'])).body;
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await withToken(token, 'GET', '/v1/inbox/conversations'));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
    expectError(answers[2]!, 429, 'rate_limited');
    expect(answers[2]!.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(answers[2]!.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    // Another token has its own bucket.
    const { token: other } = (await create(owner, 'calm', ['conversations:read'])).body;
    expect((await withToken(other, 'GET', '/v1/inbox/conversations')).status).toBe(200);
  });
});
