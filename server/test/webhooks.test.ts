import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  MAX_MESSAGE_LENGTH,
  WebhookEventType,
  WebhookPayloads,
  type Webhook,
  type WebhookDelivery,
  type WebhookDeliveryList,
  type WebhookList,
  type WebhookWithSecret,
} from '@parley/protocol';
import { webhooks } from '../src/db/tables';
import { createAccount, demoSite } from './helpers/agents';
import { expectError } from './helpers/errors';
import { eventually } from './helpers/handoff';
import { InboxClient } from './helpers/inbox-client';
import { sleep } from './helpers/random';
import { startTestServer, type TestServer } from './helpers/test-server';
import { userHash } from '../src/visitors/identity';
import { VisitorClient } from './helpers/visitor-client';
import { startWebhookReceiver, verifyStandardWebhook, type Received, type WebhookReceiver } from './helpers/webhook-receiver';

/*
 * Outbound webhooks (issue 14) against a local receiver: Standard Webhooks signatures checked
 * with an implementation of our own, every event type, order per conversation, retries with
 * the same id, 410 and a day of failures turning an endpoint off, test events and replays.
 * Managing endpoints is in webhook-endpoints.test.ts, the crash in the middle of a delivery
 * in webhooks-crash.test.ts.
 */
let server: TestServer;
let receiver: WebhookReceiver;
let owner: Awaited<ReturnType<typeof InboxClient.login>>;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  // The first retry 50 ms after a failure (then 3 s, 18 s…): a test sees one retry quickly.
  server = await startTestServer({ PARLEY_WEBHOOK_ALLOW_PRIVATE: '1', PARLEY_WEBHOOK_RETRY_SECONDS: '0.05', PARLEY_WEBHOOK_TIMEOUT_SECONDS: '2' });
  owner = await InboxClient.login(server.url);
});
afterAll(async () => {
  await server.stop();
  await receiver.close();
});
beforeEach(() => receiver.answerWith(() => 200));

/** A new endpoint on a path of its own, so each test reads only its deliveries. */
const endpoint = (events: readonly string[] = WebhookEventType.options) => receiver.register(owner, events);

const ofConversation = (path: string, conversationId: string) =>
  receiver.on(path).filter((r) => r.json.data.conversation?.id === conversationId || r.json.data.message?.conversationId === conversationId);

describe('deliveries', () => {
  it('announces a conversation from start to rating, signed per Standard Webhooks, each body valid and under 20 KB', async () => {
    const hook = await endpoint();
    const quiet = await endpoint(['message.created']);
    const visitor = await VisitorClient.create(server.url, 'pk_demo');
    const conversation = await visitor.conversation(`hooks-life-${hook.id}`);
    await visitor.send(conversation.id, `hooks-life-${hook.id}-1`, 'Where is my parcel?');
    await owner.post(`/v1/inbox/conversations/${conversation.id}/messages`, { clientId: `hooks-note-${hook.id}`, body: 'Looks lost', internal: true });
    await owner.patch(`/v1/inbox/conversations/${conversation.id}`, { assigneeId: owner.me.id, status: 'open' });
    await owner.post(`/v1/inbox/conversations/${conversation.id}/messages`, { clientId: `hooks-reply-${hook.id}`, body: 'Sent again today.' });
    await owner.patch(`/v1/inbox/conversations/${conversation.id}`, { status: 'resolved' });
    await visitor.request('POST', `/v1/widget/conversations/${conversation.id}/rating`, { rating: 5, comment: 'Quick' });
    await visitor.request('PATCH', '/v1/widget/visitor', { name: 'Grace', attributes: { plan: 'pro' } });

    const expected = [
      'conversation.created',
      'message.created',
      'note.created',
      'conversation.status_changed',
      'conversation.assigned',
      // "… joined the conversation", then the reply
      'message.created',
      'message.created',
      'conversation.status_changed',
      'conversation.rated',
    ];
    await eventually(() => receiver.on(hook.path).length >= expected.length + 1, 'every event delivered');
    const got = receiver.on(hook.path);
    // In order within the conversation; the contact's own events are ordered apart from it.
    expect(got.filter((r) => r.json.type !== 'contact.updated').map((r) => r.json.type)).toEqual(expected);
    expect(got.filter((r) => r.json.type === 'contact.updated')).toHaveLength(1);
    for (const r of got) {
      expect(verifyStandardWebhook(hook.secret, r.headers, r.body), r.json.type).toBe(true);
      expect(Math.abs(Number(r.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
      expect(r.headers['webhook-id']).toMatch(/^msg_\w+$/);
      expect(Buffer.byteLength(r.body)).toBeLessThan(20_000);
      WebhookPayloads[r.json.type as keyof typeof WebhookPayloads].parse(r.json);
    }
    const data = (type: string) => got.find((r) => r.json.type === type)!.json.data;
    expect(data('conversation.created').conversation).toMatchObject({
      id: conversation.id,
      siteId: (await demoSite(server)).id,
      visitorId: expect.any(String),
    });
    expect(data('note.created').message.body).toBe('Looks lost');
    expect(data('conversation.assigned')).toMatchObject({ assigneeId: { from: null, to: owner.me.id }, by: { type: 'agent', agentId: owner.me.id } });
    expect(got.filter((r) => r.json.type === 'conversation.status_changed').map((r) => r.json.data.status)).toEqual([
      { from: 'bot', to: 'open' },
      { from: 'open', to: 'resolved' },
    ]);
    expect(data('conversation.rated')).toMatchObject({ rating: 5, comment: 'Quick' });
    expect(data('contact.updated').contact).toMatchObject({ name: 'Grace', attributes: { plan: 'pro' }, conversationCount: 1 });

    // An endpoint that did not ask for notes never sees one.
    await eventually(() => receiver.on(quiet.path).length >= 3, 'the messages');
    expect(receiver.on(quiet.path).map((r) => r.json.data.message.body)).toEqual([
      'Where is my parcel?',
      expect.stringMatching(/joined the conversation$/),
      'Sent again today.',
    ]);
    expect(verifyStandardWebhook(hook.secret, receiver.on(quiet.path)[0]!.headers, receiver.on(quiet.path)[0]!.body)).toBe(false);
  });

  it('announces what changed about a contact, from the widget, identify and the inbox; never a page view or a change to the same value', async () => {
    const hook = await endpoint(['contact.updated']);
    const visitor = await VisitorClient.create(server.url, 'pk_demo');
    await visitor.request('PATCH', '/v1/widget/visitor', { page: 'https://shop.example/cart' });
    await visitor.request('PATCH', '/v1/widget/visitor', { email: 'ada@example.com' });
    await visitor.request('PATCH', '/v1/widget/visitor', { email: 'ada@example.com', page: 'https://shop.example/pay' });
    const secret = (await demoSite(server)).secret;
    const identified = await visitor.request<{ visitorId: string }>('POST', '/v1/widget/identify', {
      site: 'pk_demo',
      userId: 'hooks-user-1',
      userHash: userHash(secret, 'hooks-user-1'),
    });
    expect(identified.status).toBe(200);
    await owner.patch(`/v1/inbox/contacts/${identified.body.visitorId}`, { name: 'Ada Lovelace', attributes: { plan: 'team' } });
    await eventually(() => receiver.on(hook.path).length >= 3, 'three changes');
    await sleep(200);
    const got = receiver.on(hook.path).map((r) => r.json.data);
    expect(got.map((d) => d.changed)).toEqual([['email'], ['userId'], ['name', 'attributes']]);
    // The contact as stored when the delivery was queued: here, after all three.
    expect(got[2]!.contact).toMatchObject({
      id: identified.body.visitorId,
      email: 'ada@example.com',
      userId: 'hooks-user-1',
      name: 'Ada Lovelace',
      attributes: { plan: 'team' },
    });
  });

  it("sends only the site's events to an endpoint of one site, and never another account's", async () => {
    const other = await createAccount(server, 'Hooks Other Account');
    const demo = await endpoint(['message.created']);
    const oneSite = await owner.post<WebhookWithSecret>('/v1/inbox/webhooks', {
      url: `${receiver.url}/hook-site`,
      events: ['message.created'],
      siteId: (await demoSite(server)).id,
    });
    expect(oneSite.status).toBe(201);
    const theirs = await VisitorClient.create(server.url, other.site.publicKey);
    const theirConversation = await theirs.conversation('hooks-other');
    await theirs.send(theirConversation.id, 'hooks-other-1', 'not yours');
    const ours = await VisitorClient.create(server.url, 'pk_demo');
    const conversation = await ours.conversation('hooks-ours');
    await ours.send(conversation.id, 'hooks-ours-1', 'yours');
    await eventually(() => receiver.on('/hook-site').length >= 1 && receiver.on(demo.path).length >= 1, 'our message');
    await sleep(200);
    for (const path of ['/hook-site', demo.path]) expect(receiver.on(path).map((r) => r.json.data.message.body)).toEqual(['yours']);
  });

  it("retries a failed try with the same webhook-id, holding the conversation's later events until it succeeds", async () => {
    const hook = await endpoint(['message.created']);
    // The second message's first try fails.
    receiver.answerWith((r) =>
      r.path === hook.path && r.json.data.message?.body === 'two' && receiver.on(hook.path).filter((x) => x.body === r.body).length === 1 ? 500 : 200,
    );
    const visitor = await VisitorClient.create(server.url, 'pk_demo');
    const conversation = await visitor.conversation('hooks-order');
    for (const [i, body] of ['one', 'two', 'three', 'four'].entries()) await visitor.send(conversation.id, `hooks-order-${i}`, body);
    await eventually(() => ofConversation(hook.path, conversation.id).length >= 5, 'four messages and a retry');
    const got = ofConversation(hook.path, conversation.id);
    expect(got.map((r) => r.json.data.message.body)).toEqual(['one', 'two', 'two', 'three', 'four']);
    expect(got[1]!.headers['webhook-id']).toBe(got[2]!.headers['webhook-id']);
    expect(got[1]!.body).toBe(got[2]!.body);

    const deliveries = (await owner.get<WebhookDeliveryList>(`/v1/inbox/webhooks/${hook.id}/deliveries`)).body.deliveries;
    expect(deliveries.find((d) => d.id === got[1]!.headers['webhook-id'])).toMatchObject({
      status: 'delivered',
      attempts: 2,
      responseStatus: 200,
      error: null,
    });
  });

  it('keeps one failing conversation from holding up another', async () => {
    const hook = await endpoint(['message.created']);
    receiver.answerWith((r) => (r.json.data.message?.body === 'stuck' ? 503 : 200));
    const a = await VisitorClient.create(server.url, 'pk_demo');
    const stuck = await a.conversation('hooks-stuck');
    await a.send(stuck.id, 'hooks-stuck-1', 'stuck');
    await a.send(stuck.id, 'hooks-stuck-2', 'behind it');
    const b = await VisitorClient.create(server.url, 'pk_demo');
    const free = await b.conversation('hooks-free');
    await b.send(free.id, 'hooks-free-1', 'free');
    await eventually(() => ofConversation(hook.path, free.id).length === 1, "the other conversation's message");
    await eventually(() => ofConversation(hook.path, stuck.id).length >= 2, 'a retry of the failing one');
    expect(ofConversation(hook.path, stuck.id).every((r) => r.json.data.message.body === 'stuck')).toBe(true);
    const failing = (await owner.get<WebhookDeliveryList>(`/v1/inbox/webhooks/${hook.id}/deliveries`)).body.deliveries.find(
      (d) => d.type === 'message.created' && d.attempts >= 2,
    );
    expect(failing).toMatchObject({ status: 'pending', responseStatus: 503, error: 'HTTP 503: answer 503', nextAttemptAt: expect.any(String) });
    await owner.delete(`/v1/inbox/webhooks/${hook.id}`);
  });

  it('turns an endpoint off when the receiver answers 410, and sends what waited once it is turned back on', async () => {
    const hook = await endpoint(['message.created']);
    receiver.answerWith(() => 410);
    const visitor = await VisitorClient.create(server.url, 'pk_demo');
    const conversation = await visitor.conversation('hooks-gone');
    await visitor.send(conversation.id, 'hooks-gone-1', 'first');
    const off = async () => (await owner.get<WebhookList>('/v1/inbox/webhooks')).body.webhooks.find((w) => w.id === hook.id)!;
    await eventually(async () => !(await off()).enabled, 'the endpoint turned off');
    expect((await off()).disabledReason).toMatch(/410 Gone/);
    await visitor.send(conversation.id, 'hooks-gone-2', 'second');
    await sleep(300);
    expect(receiver.on(hook.path)).toHaveLength(1);

    receiver.answerWith(() => 200);
    const on = await owner.patch<Webhook>(`/v1/inbox/webhooks/${hook.id}`, { enabled: true });
    expect(on.body).toMatchObject({ enabled: true, disabledReason: null, failingSince: null });
    // The first message waited for it; the second came while it was off and is not its.
    await eventually(() => receiver.on(hook.path).length >= 2, 'the waiting delivery');
    await sleep(200);
    expect(receiver.on(hook.path).map((r) => r.json.data.message.body)).toEqual(['first', 'first']);
  });

  it('turns an endpoint off after a day of failures, saying why', async () => {
    const hook = await endpoint(['message.created']);
    await server.deps.db
      .update(webhooks)
      .set({ failingSince: new Date(Date.now() - 25 * 3600_000) })
      .where(eq(webhooks.id, hook.id));
    receiver.answerWith(() => 500);
    const visitor = await VisitorClient.create(server.url, 'pk_demo');
    const conversation = await visitor.conversation('hooks-day');
    await visitor.send(conversation.id, 'hooks-day-1', 'anyone?');
    const row = async () => (await server.deps.db.select().from(webhooks).where(eq(webhooks.id, hook.id)))[0]!;
    await eventually(async () => !(await row()).enabled, 'the endpoint turned off');
    expect((await row()).disabledReason).toMatch(/^Every delivery failed from .* the last: HTTP 500/);
  });

  it('sends a test event, lists it, and replays it with the same id', async () => {
    const hook = await endpoint(['contact.updated']);
    const test = await owner.post<WebhookDelivery>(`/v1/inbox/webhooks/${hook.id}/test`);
    expect(test.status).toBe(202);
    expect(test.body).toMatchObject({ type: 'webhook.test', status: 'pending', attempts: 0 });
    await eventually(() => receiver.on(hook.path).length === 1, 'the test event');
    const [first] = receiver.on(hook.path) as [Received];
    expect(first.json).toMatchObject({ type: 'webhook.test', data: { webhookId: hook.id } });
    expect(verifyStandardWebhook(hook.secret, first.headers, first.body)).toBe(true);
    const listed = async () => (await owner.get<WebhookDeliveryList>(`/v1/inbox/webhooks/${hook.id}/deliveries`)).body.deliveries;
    await eventually(async () => (await listed())[0]?.status === 'delivered', 'delivered');
    expect((await listed())[0]).toMatchObject({ id: test.body.id, attempts: 1, responseStatus: 200, deliveredAt: expect.any(String), nextAttemptAt: null });

    const replay = await owner.post<WebhookDelivery>(`/v1/inbox/webhooks/${hook.id}/deliveries/${test.body.id}/replay`);
    expect(replay.status).toBe(202);
    await eventually(() => receiver.on(hook.path).length === 2, 'the replay');
    expect(receiver.on(hook.path)[1]!.headers['webhook-id']).toBe(test.body.id);
    expectError(await owner.post(`/v1/inbox/webhooks/${hook.id}/deliveries/msg_nope/replay`), 404, 'not_found');
  });

  it('signs with the old secret beside the new one for a day after a rotation', async () => {
    const hook = await endpoint(['contact.updated']);
    const rotated = (await owner.post<WebhookWithSecret>(`/v1/inbox/webhooks/${hook.id}/rotate-secret`)).body;
    await owner.post(`/v1/inbox/webhooks/${hook.id}/test`);
    await eventually(() => receiver.on(hook.path).length === 1, 'the test event');
    const [r] = receiver.on(hook.path) as [Received];
    expect(verifyStandardWebhook(rotated.secret, r.headers, r.body) && verifyStandardWebhook(hook.secret, r.headers, r.body)).toBe(true);
  });

  it('keeps the longest message a visitor can send under 20 KB', async () => {
    const hook = await endpoint(['message.created']);
    const visitor = await VisitorClient.create(server.url, 'pk_demo');
    const conversation = await visitor.conversation('hooks-long');
    // The most bytes 5,000 characters take in UTF-8: 3 each (a 4-byte character is two of them).
    const longest = '中'.repeat(MAX_MESSAGE_LENGTH);
    expect((await visitor.send(conversation.id, 'hooks-long-1', longest)).status).toBe(201);
    await eventually(() => receiver.on(hook.path).length === 1, 'the message');
    const [r] = receiver.on(hook.path) as [Received];
    expect(r.json.data.message.body).toBe(longest);
    expect(Buffer.byteLength(r.body)).toBeLessThan(20_000);
  });
});
