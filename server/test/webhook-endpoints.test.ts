import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, CreatedApiToken, Webhook, WebhookList, WebhookWithSecret } from '@parley/protocol';
import { webhookDeliveries, webhooks } from '../src/db/tables';
import { createAccount, createAgent, loginAs } from './helpers/agents';
import { expectError } from './helpers/errors';
import { eventually } from './helpers/handoff';
import { InboxClient } from './helpers/inbox-client';
import { pruneFinishedDeliveries } from '../src/webhooks/delivery-retention';
import { startTestServer, type TestServer } from './helpers/test-server';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/webhook-receiver';

/*
 * Webhook endpoints (issue 14): made, changed, rotated and deleted by owners and admins (and
 * settings tokens), one account's never another's; URLs outside the public internet refused
 * when made and, after DNS, when delivered to. Deliveries are in webhooks.test.ts.
 */
let server: TestServer;
let receiver: WebhookReceiver;
let owner: Awaited<ReturnType<typeof InboxClient.login>>;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  server = await startTestServer({ PARLEY_WEBHOOK_ALLOW_PRIVATE: '1' });
  owner = await InboxClient.login(server.url);
});
afterAll(async () => {
  await server.stop();
  await receiver.close();
});

const endpoint = (events: string[]) => receiver.register(owner, events);

describe('/v1/inbox/webhooks', () => {
  it('creates an endpoint with a whsec_ secret shown once, lists it without, and records it in the audit log', async () => {
    const created = await endpoint(['message.created', 'message.created']);
    expect(created).toMatchObject({ events: ['message.created'], siteId: null, enabled: true, disabledReason: null, failingSince: null });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const listed = (await owner.get<WebhookList>('/v1/inbox/webhooks')).body.webhooks.find((w) => w.id === created.id)!;
    expect('secret' in listed).toBe(false);
    const { secret: _, path: __, ...shown } = created;
    expect(listed).toEqual(shown);
    const entries = (await owner.get<AuditPage>('/v1/inbox/audit?action=webhook.create')).body.entries;
    expect(entries[0]).toMatchObject({ target: created.id, details: { host: new URL(receiver.url).host } });
  });

  it('updates, rotates and deletes an endpoint; refuses bad input, agents, and other accounts', async () => {
    const hook = await endpoint(['message.created']);
    const updated = await owner.patch<Webhook>(`/v1/inbox/webhooks/${hook.id}`, { events: ['note.created'], enabled: false });
    expect(updated.body).toMatchObject({ events: ['note.created'], enabled: false });
    const rotated = await owner.post<WebhookWithSecret>(`/v1/inbox/webhooks/${hook.id}/rotate-secret`);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(hook.secret);

    expectError(await owner.post('/v1/inbox/webhooks', { url: 'ftp://x.example/', events: ['message.created'] }), 400, 'invalid_request');
    expectError(await owner.post('/v1/inbox/webhooks', { url: 'https://x.example/', events: [] }), 400, 'invalid_request');
    expectError(await owner.post('/v1/inbox/webhooks', { url: 'https://x.example/', events: ['message.deleted'] }), 400, 'invalid_request');
    expectError(await owner.post('/v1/inbox/webhooks', { url: 'https://x.example/', events: ['message.created'], siteId: 'site_nope' }), 404, 'not_found');
    expectError(await owner.patch(`/v1/inbox/webhooks/${hook.id}`, {}), 400, 'invalid_request');

    await createAgent(server, { email: 'hook-agent@example.com', role: 'agent' });
    const agent = await loginAs(server, 'hook-agent@example.com');
    expectError(await agent.get('/v1/inbox/webhooks'), 403, 'forbidden');
    expectError(await agent.post('/v1/inbox/webhooks', { url: 'https://x.example/', events: ['message.created'] }), 403, 'forbidden');

    const other = await createAccount(server, 'Hooks Elsewhere');
    await createAgent(server, { email: 'hook-owner@other.example', role: 'owner', accountId: other.accountId });
    const stranger = await loginAs(server, 'hook-owner@other.example');
    expectError(await stranger.patch(`/v1/inbox/webhooks/${hook.id}`, { enabled: true }), 404, 'not_found');
    expectError(await stranger.get(`/v1/inbox/webhooks/${hook.id}/deliveries`), 404, 'not_found');
    expectError(await stranger.delete(`/v1/inbox/webhooks/${hook.id}`), 404, 'not_found');

    expect((await owner.delete(`/v1/inbox/webhooks/${hook.id}`)).status).toBe(204);
    expectError(await owner.delete(`/v1/inbox/webhooks/${hook.id}`), 404, 'not_found');
  });

  it('is open to API tokens with settings:write, and closed to tokens without', async () => {
    const made = async (scopes: string[]) => (await owner.post<CreatedApiToken>('/v1/inbox/api-tokens', { name: `hooks ${scopes}`, scopes })).body.token;
    const script = () => new InboxClient(server.url, null);
    const write = await made(['settings:write']);
    const read = await made(['conversations:read']);
    const body = { url: `${receiver.url}/hook-token`, events: ['message.created'] };
    expect((await script().request('POST', '/v1/inbox/webhooks', body, { authorization: `Bearer ${write}` })).status).toBe(201);
    expectError(await script().request('POST', '/v1/inbox/webhooks', body, { authorization: `Bearer ${read}` }), 403, 'forbidden');
  });
});

describe('the deliveries an endpoint keeps', () => {
  it('prunes finished deliveries past the retention and keeps every pending one, however old', async () => {
    const hook = await endpoint(['message.created']);
    const old = new Date(Date.now() - 30 * 24 * 3600_000);
    const row = (id: string, status: 'pending' | 'delivered' | 'failed', createdAt: Date) => ({ id, webhookId: hook.id, type: 'webhook.test', body: '{}', status, createdAt });
    await server.deps.db
      .insert(webhookDeliveries)
      .values([row('msg_old_done', 'delivered', old), row('msg_old_failed', 'failed', old), row('msg_old_waiting', 'pending', old), row('msg_new_done', 'delivered', new Date())]);
    expect(await pruneFinishedDeliveries(server.deps.db, new Date(Date.now() - 7 * 24 * 3600_000))).toBe(2);
    const left = await server.deps.db.select({ id: webhookDeliveries.id }).from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, hook.id));
    expect(left.map((d) => d.id).sort()).toEqual(['msg_new_done', 'msg_old_waiting']);
    await owner.delete(`/v1/inbox/webhooks/${hook.id}`);
  });
});

describe('webhook URLs outside the public internet', () => {
  let strict: TestServer;
  let client: InboxClient;
  beforeAll(async () => {
    strict = await startTestServer({ PARLEY_WEBHOOK_RETRY_SECONDS: '600' });
    client = await InboxClient.login(strict.url);
  });
  afterAll(() => strict.stop());

  it('refuses plain http and private or local addresses when the endpoint is made', async () => {
    for (const url of [
      `${receiver.url}/x`,
      'https://127.0.0.1/x',
      'https://10.0.0.8/x',
      'https://[::1]/x',
      'https://169.254.169.254/latest',
      'https://localhost/x',
    ])
      expectError(await client.post('/v1/inbox/webhooks', { url, events: ['message.created'] }), 400, 'invalid_request');
  });

  it('refuses, at delivery, a name that resolves to a private address, and sends it nothing', async () => {
    const created = await client.post<WebhookWithSecret>('/v1/inbox/webhooks', { url: 'https://hooks.example.com/in', events: ['message.created'] });
    expect(created.status).toBe(201);
    // The name now points inside (DNS rebinding, or a record changed after the check).
    const port = new URL(receiver.url).port;
    await strict.deps.db
      .update(webhooks)
      .set({ url: `https://localhost:${port}/rebound` })
      .where(eq(webhooks.id, created.body.id));
    await client.post(`/v1/inbox/webhooks/${created.body.id}/test`);
    const delivery = async () => (await strict.deps.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, created.body.id)))[0];
    await eventually(async () => (await delivery())?.attempts === 1 && (await delivery())?.error, 'the refused try');
    expect((await delivery())!.error).toMatch(/localhost resolves to (127\.0\.0\.1|::1), which is not a public address/);
    expect(receiver.on('/rebound')).toHaveLength(0);
  });
});
