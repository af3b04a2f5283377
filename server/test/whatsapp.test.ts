import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ContactExport, ConversationDetail, InboxConversationList, InboxMessage, Report, WhatsAppChannel, WhatsAppTemplateList } from '@parley/protocol';
import { conversations, erasedConversations, messages, visitors, whatsappInbound, whatsappMedia, whatsappMessages } from '../src/db/tables';
import { createAccount, createAgent, demoSite, loginAs } from './helpers/agents';
import { expectError } from './helpers/errors';
import { startFakeGraph, changeDelivery, hubSignature, textDelivery, type FakeGraph } from './helpers/fake-graph';
import { eventually } from './helpers/handoff';
import { InboxClient } from './helpers/inbox-client';
import { startTestServer, type TestServer } from './helpers/test-server';
import { postServerMessage } from '../src/conversations/commands';

/*
 * WhatsApp as a channel (issue 17), against a local fake of the Cloud API: signed deliveries
 * only, each message once, the bot's and agents' replies sent from the outbox with retries,
 * statuses that only move forward, the 24-hour window and templates, media for agents only,
 * and no way for one channel's id to reach another site.
 */
const APP_SECRET = 'app-secret-0123';
let graph: FakeGraph;
let server: TestServer;
let owner: Awaited<ReturnType<typeof InboxClient.login>>;
let channel: WhatsAppChannel;
let number = 0;

beforeAll(async () => {
  graph = await startFakeGraph();
  server = await startTestServer({
    PARLEY_BOT: 'on',
    PARLEY_SECRET_KEY: 'test-secret-key-0123456789',
    PARLEY_WHATSAPP_GRAPH_URL: graph.url,
    PARLEY_WHATSAPP_RETRY_SECONDS: '0.05',
    PARLEY_WHATSAPP_MAX_ATTEMPTS: '3',
  });
  owner = await InboxClient.login(server.url);
  channel = await addChannel(owner, (await demoSite(server)).id, '106540352242922');
});
afterAll(async () => {
  await server.stop();
  await graph.close();
});
beforeEach(() => graph.answerWith(() => 200));

async function addChannel(by: InboxClient, siteId: string, phoneNumberId: string, appSecret = APP_SECRET) {
  const res = await by.post<WhatsAppChannel>(`/v1/inbox/sites/${siteId}/channels/whatsapp`, { phoneNumberId, businessAccountId: '102290129340398', accessToken: 'EAAG-test-token', appSecret });
  expect(res.status).toBe(201);
  return res.body;
}

/** Posts a delivery to a channel's webhook as Meta does: the raw JSON, signed with the app secret (or as told). */
function deliver(to: WhatsAppChannel, delivery: unknown, signature: string | null = hubSignature(JSON.stringify(delivery), APP_SECRET)) {
  const body = JSON.stringify(delivery);
  return fetch(`${server.url}/v1/whatsapp/${to.id}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) }, body });
}

const newNumber = () => `4915${String(++number).padStart(8, '0')}`;
const visitorOf = async (waId: string) => (await server.deps.db.select().from(visitors).where(eq(visitors.whatsappId, waId)))[0];
const conversationOf = async (waId: string) => (await server.deps.db.select().from(conversations).where(eq(conversations.visitorId, (await visitorOf(waId))!.id)))[0]!;
const thread = async (conversationId: string) => (await server.deps.db.select().from(messages).where(eq(messages.conversationId, conversationId))).sort((a, b) => a.id - b.id);
const sentTo = (waId: string) => graph.sends.filter((s) => s.body.to === waId);
/** Every delivery queued so far processed (a failed one is kept, without a next try). */
const processed = () => eventually(async () => (await server.deps.db.select().from(whatsappInbound)).every((r) => r.nextAttemptAt === null), 'the deliveries processed');
const rowOf = async (messageId: number) => (await server.deps.db.select().from(whatsappMessages).where(eq(whatsappMessages.messageId, messageId)))[0];

describe('the webhook', () => {
  it('refuses a delivery without a signature or with a wrong one, storing nothing', async () => {
    const waId = newNumber();
    const delivery = textDelivery(channel.phoneNumberId, waId, 'Hello?');
    expectError({ status: (await deliver(channel, delivery, null)).status, body: { error: { code: 'unauthorized', message: '' } } }, 401, 'unauthorized');
    expect((await deliver(channel, delivery, hubSignature(JSON.stringify(delivery), 'not-the-secret'))).status).toBe(401);
    expect((await deliver(channel, delivery, 'sha256=zz')).status).toBe(401);
    const tampered = await fetch(`${server.url}/v1/whatsapp/${channel.id}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': hubSignature(JSON.stringify(delivery), APP_SECRET) },
      body: JSON.stringify(delivery).replace('Hello?', 'Hello!'),
    });
    expect(tampered.status).toBe(401);
    expect(await server.deps.db.select().from(whatsappInbound)).toEqual([]);
    expect(await visitorOf(waId)).toBeUndefined();
  });

  it('turns a message into a visitor and a conversation live in the inbox, answered by the bot on WhatsApp', async () => {
    const waId = newNumber();
    const res = await deliver(channel, textDelivery(channel.phoneNumberId, waId, 'How do I reset my password?', { name: 'Ana Souza' }));
    expect(res.status).toBe(200);
    await processed();
    const conversation = await conversationOf(waId);
    expect(await visitorOf(waId)).toMatchObject({ name: 'Ana Souza', phone: `+${waId}` });
    expect(conversation).toMatchObject({ channel: 'whatsapp', whatsappChannelId: channel.id });
    await server.bot!.idle();
    const bot = await eventually(async () => (await thread(conversation.id)).find((m) => m.authorType === 'bot'), 'the bot’s answer');
    const sent = await eventually(() => sentTo(waId)[0], 'the answer sent to WhatsApp');
    expect(sent).toMatchObject({ phoneNumberId: channel.phoneNumberId, authorization: 'Bearer EAAG-test-token', body: { type: 'text' } });
    expect(sent.body.text!.body.startsWith(bot.body)).toBe(true);
    await eventually(async () => (await rowOf(bot.id))?.status === 'sent', 'marked sent');
    const listed = (await owner.get<InboxConversationList>('/v1/inbox/conversations?view=all')).body.conversations.find((c) => c.id === conversation.id);
    expect(listed).toMatchObject({ channel: 'whatsapp', whatsapp: { channelId: channel.id }, visitor: { name: 'Ana Souza' } });
  });

  it('stores a message Meta delivers three times once', async () => {
    const waId = newNumber();
    const delivery = textDelivery(channel.phoneNumberId, waId, 'Once, please.', { id: `wamid.once.${waId}` });
    for (let i = 0; i < 3; i++) expect((await deliver(channel, delivery)).status).toBe(200);
    await processed();
    const visible = (await thread((await conversationOf(waId)).id)).filter((m) => m.authorType === 'visitor');
    expect(visible.map((m) => m.body)).toEqual(['Once, please.']);
  });

  it('keeps a new customer’s quick messages in one conversation, in the order sent', async () => {
    const waId = newNumber();
    // Each answered before the next is sent, as Meta does: none is processed yet by then.
    for (const text of ['One', 'Two', 'Three']) await deliver(channel, textDelivery(channel.phoneNumberId, waId, text));
    await processed();
    const theirs = await server.deps.db.select().from(conversations).where(eq(conversations.visitorId, (await visitorOf(waId))!.id));
    expect(theirs.length).toBe(1);
    expect((await thread(theirs[0]!.id)).filter((m) => m.authorType === 'visitor').map((m) => m.body)).toEqual(['One', 'Two', 'Three']);
  });
});

/** A WhatsApp customer whose message the owner has taken; the agent's reply and its row. */
async function customerWithReply(text = 'We are on it.') {
  const waId = newNumber();
  await deliver(channel, textDelivery(channel.phoneNumberId, waId, 'I need a person'));
  await processed();
  const conversation = await conversationOf(waId);
  await server.bot!.idle();
  const reply = await owner.post<InboxMessage>(`/v1/inbox/conversations/${conversation.id}/messages`, { clientId: `reply-${waId}`, body: text });
  return { waId, conversation, reply };
}

describe('replies and statuses', () => {
  it('sends an agent’s reply within the window, and shows statuses only ever moving forward', async () => {
    const { waId, reply } = await customerWithReply();
    expect(reply.status).toBe(201);
    // Handed off with nobody online: told the answer comes here, never asked for an email.
    await eventually(() => sentTo(waId).find((s) => s.body.text?.body === "Our team is away right now. We'll answer here as soon as we are back."), 'the away line');
    const sent = await eventually(() => sentTo(waId).find((s) => s.body.text?.body === 'We are on it.'), 'the reply sent');
    expect(sent.body.type).toBe('text');
    const row = await eventually(async () => {
      const r = await rowOf(reply.body.id);
      return r?.status === 'sent' ? r : undefined;
    }, 'sent');
    const status = (s: string) => deliver(channel, changeDelivery(channel.phoneNumberId, { statuses: [{ id: row.wamid, status: s, recipient_id: waId, timestamp: '1' }] }));
    await status('read');
    await eventually(async () => (await rowOf(reply.body.id))?.status === 'read', 'read');
    await status('delivered');
    await status('sent');
    await status('failed');
    await processed();
    expect((await rowOf(reply.body.id))?.status).toBe('read');
    const detail = (await owner.get<ConversationDetail>(`/v1/inbox/conversations/${reply.body.conversationId}`)).body;
    expect(detail.messages.find((m) => m.id === reply.body.id)?.whatsappDelivery).toMatchObject({ status: 'read' });
  });

  it('retries a reply the Graph API answers 429 or 500, and surfaces a 401 as failed', async () => {
    const failingTwice = (text: string, tries: number): 200 | 429 | 500 => (text !== 'Retried reply.' ? 200 : tries === 0 ? 429 : tries === 1 ? 500 : 200);
    graph.answerWith((send, tries) => failingTwice(send.body.text?.body ?? '', tries));
    const retried = await customerWithReply('Retried reply.');
    await eventually(async () => (await rowOf(retried.reply.body.id))?.status === 'sent', 'sent after retries');
    expect(sentTo(retried.waId).filter((s) => s.body.text?.body === 'Retried reply.').length).toBe(3);

    graph.answerWith((send) => (send.body.text?.body === 'Refused reply.' ? 401 : 200));
    const refused = await customerWithReply('Refused reply.');
    const row = await eventually(async () => {
      const r = await rowOf(refused.reply.body.id);
      return r?.status === 'failed' ? r : undefined;
    }, 'failed');
    expect(row.error).toContain('401');
  });

  it('refuses a free-form reply past the 24-hour window, and offers and sends an approved template instead', async () => {
    const { waId, conversation } = await customerWithReply();
    const lastVisitor = (await thread(conversation.id)).filter((m) => m.authorType === 'visitor').at(-1)!;
    await server.deps.db.update(messages).set({ createdAt: new Date(Date.now() - 25 * 60 * 60 * 1000) }).where(eq(messages.id, lastVisitor.id));
    expectError(await owner.post(`/v1/inbox/conversations/${conversation.id}/messages`, { clientId: `late-${waId}`, body: 'Too late?' }), 409, 'window_closed');
    expect((await owner.post(`/v1/inbox/conversations/${conversation.id}/messages`, { clientId: `note-${waId}`, body: 'A note still works', internal: true })).status).toBe(201);

    graph.setTemplates([
      { name: 'order_update', language: 'en_US', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hi {{1}}, your order {{2}} has shipped.' }] },
      { name: 'draft_one', language: 'en_US', status: 'PENDING', components: [{ type: 'BODY', text: 'Not yet' }] },
    ]);
    const offered = (await owner.get<WhatsAppTemplateList>(`/v1/inbox/whatsapp/conversations/${conversation.id}/templates`)).body;
    expect(offered).toEqual({ windowOpenUntil: null, templates: [{ name: 'order_update', language: 'en_US', category: 'UTILITY', body: 'Hi {{1}}, your order {{2}} has shipped.', parameters: 2 }] });
    const path = `/v1/inbox/whatsapp/conversations/${conversation.id}/templates`;
    expectError(await owner.post(path, { clientId: `tpl-${waId}`, name: 'order_update', language: 'en_US', parameters: ['Ana'] }), 400, 'invalid_request');
    expectError(await owner.post(path, { clientId: `tpl-${waId}`, name: 'draft_one', language: 'en_US', parameters: [] }), 400, 'invalid_request');
    const sent = await owner.post<InboxMessage>(path, { clientId: `tpl-${waId}`, name: 'order_update', language: 'en_US', parameters: ['Ana', '#1042'] });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ body: 'Hi Ana, your order #1042 has shipped.', meta: { template: { name: 'order_update', parameters: ['Ana', '#1042'] } } });
    const out = await eventually(() => sentTo(waId).find((s) => s.body.type === 'template'), 'the template sent');
    expect(out.body.template).toEqual({ name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: '#1042' }] }] });
    expect((await owner.post(path, { clientId: `tpl-${waId}`, name: 'order_update', language: 'en_US', parameters: ['Ana', '#1042'] })).status).toBe(200);
  });
});

describe('the bot on WhatsApp', () => {
  it('numbers its "Did you mean" options, and takes a bare number for the option', async () => {
    const waId = newNumber();
    await deliver(channel, textDelivery(channel.phoneNumberId, waId, 'hello'));
    await processed();
    const conversation = await conversationOf(waId);
    await server.bot!.idle();
    const asked = await postServerMessage(server.deps, {
      conversationId: conversation.id,
      authorType: 'bot',
      body: 'Did you mean one of these?',
      meta: { kind: 'clarify', suggestions: [{ label: 'Refunds' }, { label: 'Shipping times' }] },
    });
    const sent = await eventually(() => sentTo(waId).find((s) => s.body.text?.body.startsWith('Did you mean')), 'the options sent');
    expect(sent.body.text!.body).toBe('Did you mean one of these?\n\n1. Refunds\n2. Shipping times');
    await deliver(channel, textDelivery(channel.phoneNumberId, waId, '2'));
    const chosen = await eventually(async () => (await thread(conversation.id)).find((m) => m.authorType === 'visitor' && m.id > asked.id), 'the choice');
    expect(chosen.body).toBe('Shipping times');
  });
});

describe('media and isolation', () => {
  it('keeps a customer’s image for the site’s agents only, and turns a kind Parley cannot show into a note', async () => {
    const waId = newNumber();
    graph.addMedia('media-1', 'image/jpeg', Buffer.from('fake-jpeg-bytes'));
    const image = { from: waId, id: `wamid.img.${waId}`, type: 'image', image: { id: 'media-1', mime_type: 'image/jpeg', caption: 'The broken part' } };
    const location = { from: waId, id: `wamid.loc.${waId}`, type: 'location', location: { latitude: 1, longitude: 2 } };
    await deliver(channel, changeDelivery(channel.phoneNumberId, { contacts: [{ wa_id: waId, profile: { name: 'Bo' } }], messages: [image, location] }));
    await processed();
    const conversation = await conversationOf(waId);
    const stored = await eventually(async () => {
      const t = await thread(conversation.id);
      return t.some((m) => m.internal) ? t : undefined;
    }, 'both messages');
    const sent = stored.find((m) => m.authorType === 'visitor')!;
    expect(sent.body).toBe('The broken part');
    const url = sent.meta.attachment!.url;
    const file = await fetch(`${server.url}${url}`, { headers: { cookie: owner.cookie! } });
    expect([file.status, file.headers.get('content-type'), Buffer.from(await file.arrayBuffer()).toString()]).toEqual([200, 'image/jpeg', 'fake-jpeg-bytes']);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment/);
    expect((await fetch(`${server.url}${url}`)).status).toBe(401);
    const other = await createAccount(server, 'Media stranger');
    const stranger = await loginAs(server, (await createAgent(server, { email: 'wa-media@example.com', accountId: other.accountId, role: 'owner' })).email);
    expect((await stranger.get(url)).status).toBe(404);
    expect(stored.find((m) => m.internal)).toMatchObject({ authorType: 'system', body: expect.stringContaining('location') });
  });

  it('never lets one channel’s id route a message to another site', async () => {
    const other = await createAccount(server, 'Other shop');
    const otherOwner = await loginAs(server, (await createAgent(server, { email: 'wa-other@example.com', accountId: other.accountId, role: 'owner' })).email);
    const theirs = await addChannel(otherOwner, other.site.id, '300000000000003', 'their-app-secret');
    const waId = newNumber();
    // Signed with our secret, to their channel's URL: refused.
    expect((await deliver(theirs, textDelivery(theirs.phoneNumberId, waId, 'Hi'))).status).toBe(401);
    // To our URL, naming their number: read for nothing.
    expect((await deliver(channel, textDelivery(theirs.phoneNumberId, waId, 'Hi'))).status).toBe(200);
    await processed();
    expect(await visitorOf(waId)).toBeUndefined();
    expect(await server.deps.db.select().from(conversations).where(and(eq(conversations.siteId, other.site.id)))).toEqual([]);
  });
});

describe('erasure', () => {
  it('exports the customer’s files, then erases them and any delivery still kept that names their number', async () => {
    const waId = newNumber();
    graph.addMedia('media-erase', 'application/pdf', Buffer.from('%PDF'));
    const doc = { from: waId, id: `wamid.doc.${waId}`, type: 'document', document: { id: 'media-erase', filename: 'invoice.pdf', mime_type: 'application/pdf' } };
    await deliver(channel, changeDelivery(channel.phoneNumberId, { messages: [doc] }));
    await processed();
    const conversation = await conversationOf(waId);
    // A delivery that failed for good is kept for an operator: it names the number.
    await server.deps.db.insert(whatsappInbound).values({ channelId: channel.id, body: JSON.stringify(textDelivery(channel.phoneNumberId, waId, 'x')), attempts: 10, error: 'boom' });
    const exported = (await owner.get<ContactExport>(`/v1/inbox/contacts/${conversation.visitorId}/export`)).body;
    expect(exported.conversations[0]!.files).toEqual([{ id: expect.any(String), mime: 'application/pdf', filename: 'invoice.pdf', createdAt: expect.any(String), base64: Buffer.from('%PDF').toString('base64') }]);
    expect((await owner.request('DELETE', `/v1/inbox/contacts/${conversation.visitorId}`)).status).toBe(200);
    expect(await server.deps.db.select().from(whatsappMedia).where(eq(whatsappMedia.conversationId, conversation.id))).toEqual([]);
    expect((await server.deps.db.select().from(whatsappInbound)).filter((r) => r.body.includes(waId))).toEqual([]);
  });
});

describe('reports', () => {
  it('count WhatsApp conversations apart when asked', async () => {
    const site = await demoSite(server);
    // Erased ones count as they were (their report shell keeps the channel).
    const all = [
      ...(await server.deps.db.select().from(conversations).where(eq(conversations.siteId, site.id))),
      ...(await server.deps.db.select().from(erasedConversations).where(eq(erasedConversations.siteId, site.id))),
    ];
    const count = async (channel: string) => (await owner.get<Report>(`/v1/inbox/reports?siteId=${site.id}&channel=${channel}`)).body.totals.conversations;
    expect(await count('whatsapp')).toBe(all.filter((c) => c.channel === 'whatsapp').length);
    expect(await count('widget')).toBe(all.filter((c) => c.channel === 'widget').length);
    expectError(await owner.get('/v1/inbox/reports?channel=fax'), 400, 'invalid_request');
  });
});
