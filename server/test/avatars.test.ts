import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentAdmin, ErrorBody, InboxMessage, Me, MessagePage, Team } from '@parley/protocol';
import { createAccount, createAgent, loginAs } from './helpers/agents';
import { expectError } from './helpers/errors';
import { handedOff } from './helpers/handoff';
import { JPEG, PNG } from './helpers/images';
import { InboxClient } from './helpers/inbox-client';
import { startTestServer, type TestServer } from './helpers/test-server';

let server: TestServer;
type LoggedIn = Awaited<ReturnType<typeof InboxClient.login>>;
let owner: LoggedIn;
let agent: LoggedIn;
let colleague: LoggedIn;
let rivalAgentId: string;

const upload = (client: InboxClient, path: string, bytes: Uint8Array, type: string) =>
  client.request<Me & ErrorBody>('PUT', path, bytes, { 'content-type': type });

/**
 * A PUT on a connection of its own: the server answers 413 without reading the body and then
 * closes the socket, which a pooled connection would carry into the next test's request.
 */
function oneShotPut(client: InboxClient, path: string, bytes: Uint8Array, type: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': type, cookie: client.cookie ?? '', origin: client.baseUrl };
    const req = request(client.baseUrl + path, { method: 'PUT', agent: false, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as unknown }));
    });
    req.on('error', reject);
    req.end(bytes);
  });
}

beforeAll(async () => {
  server = await startTestServer();
  owner = await InboxClient.login(server.url);
  await createAgent(server, { email: 'ava@example.com', name: 'Ava' });
  await createAgent(server, { email: 'colleague@example.com' });
  agent = await loginAs(server, 'ava@example.com');
  colleague = await loginAs(server, 'colleague@example.com');
  const rival = await createAccount(server, 'Rival Inc');
  rivalAgentId = (await createAgent(server, { email: 'rival@example.com', accountId: rival.accountId })).id;
});
afterAll(() => server.stop());

describe("an agent's own avatar", () => {
  it('is served publicly under its hash with cache, type and cross-origin headers', async () => {
    expect((await agent.get<Me>('/v1/inbox/auth/me')).body.avatarUrl).toBeNull();
    const res = await upload(agent, '/v1/inbox/me/avatar', PNG, 'image/png');
    expect(res.status).toBe(200);
    const url = res.body.avatarUrl!;
    expect(url).toMatch(new RegExp(`^${server.deps.config.PUBLIC_URL}/v1/avatars/${agent.me.id}/[0-9a-f]{32}$`));
    expect((await agent.get<Me>('/v1/inbox/auth/me')).body.avatarUrl).toBe(url);

    const image = await fetch(url);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(image.headers.get('x-content-type-options')).toBe('nosniff');
    expect(image.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(PNG);
  });

  it("rides on the agent's messages, for the visitor and in the inbox", async () => {
    const { visitor, conversationId } = await handedOff(server, 'pk_demo');
    const me = (await agent.get<Me>('/v1/inbox/auth/me')).body;
    const sent = await agent.post<InboxMessage>(`/v1/inbox/conversations/${conversationId}/messages`, { clientId: 'avatar-reply-1', body: 'Hi, Ava here' });
    expect(sent.body.author).toEqual({ type: 'agent', name: 'Ava', avatarUrl: me.avatarUrl });
    const page = await visitor.request<MessagePage>('GET', `/v1/widget/conversations/${conversationId}/messages`);
    expect(page.body.messages.find((m) => m.author.type === 'agent')?.author.avatarUrl).toBe(me.avatarUrl);
    const team = await agent.get<Team>('/v1/inbox/team');
    expect(team.body.agents.find((a) => a.id === agent.me.id)?.avatarUrl).toBe(me.avatarUrl);
  });

  it('gets a new URL when replaced; the old one, in messages already sent, leads to the new photo', async () => {
    const before = (await agent.get<Me>('/v1/inbox/auth/me')).body.avatarUrl!;
    const after = (await upload(agent, '/v1/inbox/me/avatar', JPEG, 'image/jpeg')).body.avatarUrl!;
    expect(after).not.toBe(before);
    const old = await fetch(before, { redirect: 'manual' });
    expect(old.status).toBe(302);
    expect(old.headers.get('location')).toBe(after);
    expect(old.headers.get('cache-control')).toBe('no-cache');
    const image = await fetch(before);
    expect(image.url).toBe(after);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
  });

  it('refuses text sent as image/png, other types and bodies over 256 KiB', async () => {
    expectError(await upload(agent, '/v1/inbox/me/avatar', new TextEncoder().encode('not an image at all'), 'image/png'), 400, 'invalid_request');
    expectError(await upload(agent, '/v1/inbox/me/avatar', PNG, 'image/gif'), 415, 'unsupported_media_type');
    expectError(await upload(agent, '/v1/inbox/me/avatar', PNG, 'application/json'), 415, 'unsupported_media_type');
    const big = new Uint8Array(256 * 1024 + 1);
    big.set(PNG);
    expectError(await oneShotPut(agent, '/v1/inbox/me/avatar', big, 'image/png'), 413, 'payload_too_large');
  });

  it('is removed by DELETE, and its URL with it', async () => {
    const url = (await agent.get<Me>('/v1/inbox/auth/me')).body.avatarUrl!;
    expect((await agent.delete('/v1/inbox/me/avatar')).status).toBe(204);
    expect((await agent.get<Me>('/v1/inbox/auth/me')).body.avatarUrl).toBeNull();
    expect((await fetch(url)).status).toBe(404);
  });
});

describe("someone else's avatar", () => {
  it('is set and removed by an owner or admin of the same account', async () => {
    const set = await upload(owner, `/v1/inbox/agents/${colleague.me.id}/avatar`, PNG, 'image/png');
    expect(set.status).toBe(200);
    const url = (set.body as unknown as AgentAdmin).avatarUrl!;
    expect((await colleague.get<Me>('/v1/inbox/auth/me')).body.avatarUrl).toBe(url);
    expect((await owner.delete(`/v1/inbox/agents/${colleague.me.id}/avatar`)).status).toBe(204);
    expect((await fetch(url)).status).toBe(404);
  });

  it('is off limits to a plain agent, and to other accounts', async () => {
    expectError(await upload(agent, `/v1/inbox/agents/${colleague.me.id}/avatar`, PNG, 'image/png'), 403, 'forbidden');
    expectError(await upload(owner, `/v1/inbox/agents/${rivalAgentId}/avatar`, PNG, 'image/png'), 404, 'not_found');
    expectError(await owner.delete(`/v1/inbox/agents/${rivalAgentId}/avatar`), 404, 'not_found');
  });

  it('is a 404 at an unknown address', async () => {
    expect((await fetch(`${server.url}/v1/avatars/${colleague.me.id}/${'0'.repeat(32)}`)).status).toBe(404);
    expect((await fetch(`${server.url}/v1/avatars/${colleague.me.id}/not-a-hash`)).status).toBe(400);
  });
});
