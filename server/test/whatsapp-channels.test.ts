import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WhatsAppChannel, WhatsAppChannelList } from '@parley/protocol';
import { whatsappChannels } from '../src/db/tables';
import { createAccount, createAgent, demoSite, loginAs } from './helpers/agents';
import { expectError } from './helpers/errors';
import { InboxClient } from './helpers/inbox-client';
import { startTestServer, type TestServer } from './helpers/test-server';

/*
 * Settings → Channels → WhatsApp (issue 17): owners and admins set a number up with Meta's
 * ids and secrets, which are sealed at rest and never returned; Meta's verification handshake.
 */
let server: TestServer;
let owner: Awaited<ReturnType<typeof InboxClient.login>>;
let siteId: string;
const channel = { phoneNumberId: '106540352242922', businessAccountId: '102290129340398', displayPhone: '+1 555 078 3881', accessToken: 'EAAG-test-token', appSecret: 'app-secret-0123' };
const path = () => `/v1/inbox/sites/${siteId}/channels/whatsapp`;

beforeAll(async () => {
  server = await startTestServer({ PARLEY_SECRET_KEY: 'test-secret-key-0123456789', PUBLIC_URL: 'https://parley.example' });
  owner = await InboxClient.login(server.url);
  siteId = (await demoSite(server)).id;
});
afterAll(() => server.stop());

describe('WhatsApp channels', () => {
  it('sets a number up, shows the webhook URL and verify token, and never returns or stores the secrets in the clear', async () => {
    const res = await owner.post<WhatsAppChannel>(path(), channel);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ phoneNumberId: channel.phoneNumberId, displayPhone: '+1 555 078 3881', verifyToken: expect.stringMatching(/^wav_/) });
    expect(res.body.webhookUrl).toBe(`https://parley.example/v1/whatsapp/${res.body.id}/webhook`);
    expect(JSON.stringify(res.body)).not.toMatch(/EAAG|app-secret/);
    const listed = (await owner.get<WhatsAppChannelList>(path())).body.channels;
    expect(listed).toEqual([res.body]);
    const [row] = await server.deps.db.select().from(whatsappChannels).where(eq(whatsappChannels.id, res.body.id));
    expect(`${row!.accessTokenSealed} ${row!.appSecretSealed}`).not.toMatch(/EAAG|app-secret/);

    const updated = await owner.patch<WhatsAppChannel>(`${path()}/${res.body.id}`, { displayPhone: '+1 555 000 0000', accessToken: 'EAAG-rotated-token' });
    expect(updated.body).toMatchObject({ displayPhone: '+1 555 000 0000', verifyToken: res.body.verifyToken });
    expect(JSON.stringify(updated.body)).not.toContain('EAAG');
    expect((await owner.request('DELETE', `${path()}/${res.body.id}`)).status).toBe(204);
    expect((await owner.get<WhatsAppChannelList>(path())).body.channels).toEqual([]);
  });

  it('refuses bad ids, a number already set up, an agent, and another account', async () => {
    expectError(await owner.post(path(), { ...channel, phoneNumberId: 'not-a-number' }), 400, 'invalid_request');
    expectError(await owner.post(path(), { ...channel, accessToken: undefined }), 400, 'invalid_request');
    expect((await owner.post(path(), channel)).status).toBe(201);
    expectError(await owner.post(path(), channel), 409, 'conflict');
    const agent = await loginAs(server, (await createAgent(server, { email: 'wa-agent@example.com' })).email);
    expectError(await agent.get(path()), 403, 'forbidden');
    const other = await createAccount(server, 'Elsewhere');
    const stranger = await loginAs(server, (await createAgent(server, { email: 'wa-stranger@example.com', accountId: other.accountId, role: 'owner' })).email);
    expectError(await stranger.get(path()), 404, 'not_found');
    expectError(await stranger.post(path(), { ...channel, phoneNumberId: '999' }), 404, 'not_found');
  });

  it('answers Meta’s verification handshake with the challenge only for the channel’s token', async () => {
    const made = (await owner.post<WhatsAppChannel>(path(), { ...channel, phoneNumberId: '200000000000001' })).body;
    const verify = (query: Record<string, string>, id = made.id) => fetch(`${server.url}/v1/whatsapp/${id}/webhook?${new URLSearchParams(query)}`);
    const ok = await verify({ 'hub.mode': 'subscribe', 'hub.verify_token': made.verifyToken, 'hub.challenge': '1158201444' });
    expect([ok.status, await ok.text()]).toEqual([200, '1158201444']);
    expect((await verify({ 'hub.mode': 'subscribe', 'hub.verify_token': 'wav_wrong', 'hub.challenge': '1' })).status).toBe(403);
    expect((await verify({ 'hub.mode': 'unsubscribe', 'hub.verify_token': made.verifyToken, 'hub.challenge': '1' })).status).toBe(403);
    expect((await verify({ 'hub.mode': 'subscribe', 'hub.verify_token': made.verifyToken, 'hub.challenge': '1' }, 'wa_unknown')).status).toBe(404);
  });

  it('refuses to store secrets when the server has no PARLEY_SECRET_KEY', async () => {
    const keyless = await startTestServer();
    try {
      const client = await InboxClient.login(keyless.url);
      const res = await client.post(`/v1/inbox/sites/${(await demoSite(keyless)).id}/channels/whatsapp`, channel);
      expectError(res, 409, 'conflict');
      expect((res.body as { error: { message: string } }).error.message).toContain('PARLEY_SECRET_KEY');
    } finally {
      await keyless.stop();
    }
  });
});
