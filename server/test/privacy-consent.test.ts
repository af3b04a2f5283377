import { eq } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsentRecord, ContactExport, DataExportSent, SiteAdmin, VisitorProfile, WidgetConfig } from '@parley/protocol';
import { messages, visitors } from '../src/db/tables';
import { createAccount, createAgent, loginAs } from './helpers/agents';
import { expectError } from './helpers/errors';
import { eventually } from './helpers/handoff';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtp';
import { startTestServer, type TestServer } from './helpers/test-server';
import { VisitorClient } from './helpers/visitor-client';

/*
 * Consent before the first message (issue 18): a site that asks refuses to store a visitor, a
 * conversation or a message without a recorded consent to its current text; the record is
 * kept and exported. And "Email me my data" from the widget.
 */
let server: TestServer;
let smtp: TestSmtpServer;
let owner: Awaited<ReturnType<typeof loginAs>>;
let site: { id: string; publicKey: string };
beforeAll(async () => {
  smtp = await startSmtpServer();
  server = await startTestServer({ SMTP_URL: smtp.url });
  const account = await createAccount(server, 'Consenting');
  site = account.site;
  const row = await createAgent(server, { email: 'consent-owner@example.com', accountId: account.accountId, role: 'owner' });
  owner = await loginAs(server, row.email);
});
afterAll(async () => {
  await server.stop();
  await smtp.close();
});

async function askConsent(text: string, required = true) {
  const current = (await owner.get<SiteAdmin>(`/v1/inbox/sites/${site.id}`)).body;
  const settings = { ...current.settings, privacy: { ...current.settings.privacy, consent: { required, text, version: 99 } } };
  const res = await owner.patch<SiteAdmin>(`/v1/inbox/sites/${site.id}`, { settings });
  expect(res.status).toBe(200);
  return res.body.settings.privacy.consent;
}
const visitorCount = async () => (await server.deps.db.select().from(visitors).where(eq(visitors.siteId, site.id))).length;

describe('consent before the first message', () => {
  it('versions the text on the server: a new text is a new version, the same text is not, an owner-sent version is ignored', async () => {
    expect(await askConsent('We keep your chats for support.')).toEqual({ required: true, text: 'We keep your chats for support.', version: 1 });
    expect((await askConsent('We keep your chats for support.')).version).toBe(1);
    expect((await askConsent('We keep your chats to help you.')).version).toBe(2);
    const config = await new VisitorClient(server.url).request<WidgetConfig>('GET', `/v1/widget/config?site=${site.publicKey}`);
    expect(config.body.consent).toEqual({ text: 'We keep your chats to help you.', version: 2 });
    // Required with no text is refused.
    const current = (await owner.get<SiteAdmin>(`/v1/inbox/sites/${site.id}`)).body;
    const empty = { ...current.settings, privacy: { ...current.settings.privacy, consent: { required: true, text: '  ', version: 2 } } };
    expectError(await owner.patch(`/v1/inbox/sites/${site.id}`, { settings: empty }), 400, 'invalid_request');
  });

  it('stores nothing of a visitor who has not agreed, then takes their messages once they have; a new text asks again', async () => {
    const { version } = await askConsent('Chats are kept for a year.');
    const before = await visitorCount();
    const anonymous = new VisitorClient(server.url);
    expectError(await anonymous.request('POST', '/v1/widget/visitors', { site: site.publicKey, name: 'Ida' }), 403, 'consent_required');
    expectError(await anonymous.request('POST', '/v1/widget/visitors', { site: site.publicKey, consent: version - 1 }), 403, 'consent_required');
    expect(await visitorCount()).toBe(before);

    const visitor = await VisitorClient.create(server.url, site.publicKey, { consent: version, email: 'ida@example.com' });
    const conversation = await visitor.conversation('consent-conv-1');
    expect((await visitor.send(conversation.id, 'consent-msg-1', 'Hello')).status).toBe(201);
    expect((await visitor.request<VisitorProfile>('GET', '/v1/widget/visitor')).body.consentVersion).toBe(version);

    const next = (await askConsent('Chats are kept for two years.')).version;
    expectError(await visitor.send(conversation.id, 'consent-msg-2', 'Still there?'), 403, 'consent_required');
    expectError(await visitor.request('POST', '/v1/widget/conversations', { clientId: 'consent-conv-2' }), 403, 'consent_required');
    expect((await server.deps.db.select().from(messages).where(eq(messages.clientId, 'consent-msg-2'))).length).toBe(0);
    expectError(await visitor.request('POST', '/v1/widget/consent', { version }), 409, 'conflict');
    expectError(await visitor.request('POST', '/v1/widget/consent', { version: 'latest' }), 400, 'invalid_request');
    const agreed = await visitor.request<ConsentRecord>('POST', '/v1/widget/consent', { version: next });
    expect(agreed.status).toBe(201);
    expect(agreed.body).toMatchObject({ version: next, text: 'Chats are kept for two years.' });
    expect((await visitor.send(conversation.id, 'consent-msg-2', 'Still there?')).status).toBe(201);

    const { visitorId } = (await visitor.request<VisitorProfile>('GET', '/v1/widget/visitor')).body;
    const exported = (await owner.get<ContactExport>(`/v1/inbox/contacts/${visitorId}/export`)).body;
    expect(exported.consents.map((c) => [c.version, c.text])).toEqual([
      [version, 'Chats are kept for a year.'],
      [next, 'Chats are kept for two years.'],
    ]);
  });

  it('a site that does not ask takes messages as before, and has no consent to give', async () => {
    await askConsent('', false);
    const visitor = await VisitorClient.create(server.url, site.publicKey);
    expect((await visitor.send((await visitor.conversation('free-conv')).id, 'free-msg', 'Hi')).status).toBe(201);
    expectError(await visitor.request('POST', '/v1/widget/consent', { version: 0 }), 409, 'conflict');
  });
});

describe('POST /v1/widget/visitor/export: "Email me my data"', () => {
  it('mails everything held about the visitor, as JSON, to their email; without one it is 409; too often is 429', async () => {
    const visitor = await VisitorClient.create(server.url, site.publicKey, { email: 'lena@example.com', name: 'Lena' });
    await visitor.send((await visitor.conversation('export-conv')).id, 'export-msg', 'My router blinks red');
    const res = await visitor.request<DataExportSent>('POST', '/v1/widget/visitor/export');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ email: 'lena@example.com' });
    const mail = await eventually(() => smtp.mails.find((m) => m.to.includes('lena@example.com')), 'the data mail');
    const [attachment] = (await simpleParser(mail.raw)).attachments;
    expect(attachment?.contentType).toBe('application/json');
    const json = attachment!.content.toString('utf8');
    expect(JSON.parse(json)).toMatchObject({ contact: { name: 'Lena', email: 'lena@example.com' } });
    expect(json).toContain('My router blinks red');
    for (let i = 0; i < 2; i++) expect((await visitor.request('POST', '/v1/widget/visitor/export')).status).toBe(200);
    expectError(await visitor.request('POST', '/v1/widget/visitor/export'), 429, 'rate_limited');

    const nameless = await VisitorClient.create(server.url, site.publicKey);
    expectError(await nameless.request('POST', '/v1/widget/visitor/export'), 409, 'conflict');
    expectError(await new VisitorClient(server.url, 'vt_bogus').request('POST', '/v1/widget/visitor/export'), 401, 'unauthorized');
  });
});
