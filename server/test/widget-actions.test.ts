import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations, messageFeedback, sites } from '../src/db/tables';
import type { Conversation, Feedback, IdentifyResult, Message, VisitorProfile } from '@parley/protocol';
import { postServerMessage } from '../src/conversations/commands';
import { changeConversation } from '../src/conversations/change';
import { visitorTopic, type StreamEvent } from '../src/realtime/event-bus';
import { eventually } from './helpers/handoff';
import { userHash } from '../src/visitors/identity';
import { expectError } from './helpers/errors';
import { startTestServer, type TestServer } from './helpers/test-server';
import { VisitorClient } from './helpers/visitor-client';

let server: TestServer;
let secret: string;
const system = { type: 'system', agentId: null } as const;

beforeAll(async () => {
  server = await startTestServer();
  secret = (await server.deps.db.select({ secret: sites.secret }).from(sites).where(eq(sites.publicKey, 'pk_demo')))[0]!.secret;
});
afterAll(() => server.stop());

async function visitorWithConversation() {
  const v = await VisitorClient.create(server.url);
  const conversation = await v.conversation(`conv-${Math.random().toString(36).slice(2, 12)}`);
  return { v, conversation };
}

describe('POST /v1/widget/conversations/:id/read', () => {
  it('moves the read position forward only, logs a conversation.read event, and refuses foreign messages', async () => {
    const { v, conversation } = await visitorWithConversation();
    const a = await postServerMessage(server.deps, { conversationId: conversation.id, authorType: 'bot', body: 'one' });
    const b = await postServerMessage(server.deps, { conversationId: conversation.id, authorType: 'bot', body: 'two' });
    const events: StreamEvent[] = [];
    const [{ visitorId }] = (await server.deps.db.select({ visitorId: conversations.visitorId }).from(conversations).where(eq(conversations.id, conversation.id))) as [
      { visitorId: string },
    ];
    const off = server.deps.bus.subscribe(visitorTopic(visitorId), (e) => events.push(e));
    const read = await v.request<Conversation>('POST', `/v1/widget/conversations/${conversation.id}/read`, { messageId: b.id });
    expect(read.status).toBe(200);
    expect(read.body.visitorLastReadId).toBe(b.id);
    const back = await v.request<Conversation>('POST', `/v1/widget/conversations/${conversation.id}/read`, { messageId: a.id });
    expect(back.body.visitorLastReadId).toBe(b.id);
    // Streams hear the log in order (on PostgreSQL through its reader, a moment after the
    // commit): once a later message has come, anything the reads logged has come before it.
    const marker = await postServerMessage(server.deps, { conversationId: conversation.id, authorType: 'bot', body: 'three' });
    await eventually(() => events.some((e) => e.type === 'message.created' && e.message.id === marker.id), 'the later message');
    off();
    expect(events.filter((e) => e.type === 'conversation.read')).toMatchObject([{ type: 'conversation.read', reader: 'visitor', lastReadId: b.id }]);

    const other = await visitorWithConversation();
    const foreign = await postServerMessage(server.deps, { conversationId: other.conversation.id, authorType: 'bot', body: 'x' });
    expectError(await v.request('POST', `/v1/widget/conversations/${conversation.id}/read`, { messageId: foreign.id }), 404, 'not_found');
    expectError(await v.request('POST', `/v1/widget/conversations/${conversation.id}/read`, { messageId: 'x' }), 400, 'invalid_request');
  });
});

describe('POST /v1/widget/conversations/:id/typing', () => {
  it('publishes an ephemeral typing event to the site, and validates the body', async () => {
    const { v, conversation } = await visitorWithConversation();
    const res = await v.request('POST', `/v1/widget/conversations/${conversation.id}/typing`, { isTyping: true });
    expect(res.status).toBe(204);
    expectError(await v.request('POST', `/v1/widget/conversations/${conversation.id}/typing`, { isTyping: 'yes' }), 400, 'invalid_request');
    expectError(await v.request('POST', '/v1/widget/conversations/c_nope/typing', { isTyping: true }), 404, 'not_found');
  });
});

describe('POST /v1/widget/conversations/:id/handoff', () => {
  it('queues a bot conversation once, and refuses an ended one', async () => {
    const { v, conversation } = await visitorWithConversation();
    const first = await v.request<Conversation>('POST', `/v1/widget/conversations/${conversation.id}/handoff`);
    expect(first.body.status).toBe('queued');
    const again = await v.request<Conversation>('POST', `/v1/widget/conversations/${conversation.id}/handoff`);
    expect(again.body.status).toBe('queued');
    await changeConversation(server.deps, conversation.id, { status: 'resolved' }, system);
    expectError(await v.request('POST', `/v1/widget/conversations/${conversation.id}/handoff`), 409, 'conflict');
  });
});

describe('POST /v1/widget/conversations/:id/rating', () => {
  it('rates an ended conversation with an optional comment, and refuses bad ratings or an open conversation', async () => {
    const { v, conversation } = await visitorWithConversation();
    expectError(await v.request('POST', `/v1/widget/conversations/${conversation.id}/rating`, { rating: 5 }), 409, 'conflict');
    await changeConversation(server.deps, conversation.id, { status: 'resolved' }, system);
    const res = await v.request<Conversation>('POST', `/v1/widget/conversations/${conversation.id}/rating`, { rating: 4, comment: 'Quick, thanks' });
    expect(res.status).toBe(200);
    expect(res.body.rating).toBe(4);
    expect(await server.deps.db.select({ rating: conversations.rating, comment: conversations.ratingComment }).from(conversations).where(eq(conversations.id, conversation.id))).toEqual([
      { rating: 4, comment: 'Quick, thanks' },
    ]);
    expectError(await v.request('POST', `/v1/widget/conversations/${conversation.id}/rating`, { rating: 6 }), 400, 'invalid_request');
    expectError(await v.request('POST', `/v1/widget/conversations/${conversation.id}/rating`, { rating: 3, comment: '' }), 400, 'invalid_request');
  });
});

describe('POST /v1/widget/messages/:id/feedback', () => {
  it('stores one helpful/not per visitor and bot message, and a change of mind replaces it', async () => {
    const { v, conversation } = await visitorWithConversation();
    const answer = await postServerMessage(server.deps, { conversationId: conversation.id, authorType: 'bot', body: 'Try this', meta: { askFeedback: true } });
    const first = await v.request<Feedback>('POST', `/v1/widget/messages/${answer.id}/feedback`, { helpful: true });
    expect(first.status).toBe(201);
    const second = await v.request<Feedback>('POST', `/v1/widget/messages/${answer.id}/feedback`, { helpful: false });
    expect(second.status).toBe(200);
    expect(second.body.helpful).toBe(false);
    expect(await server.deps.db.select({ n: count() }).from(messageFeedback).where(eq(messageFeedback.messageId, answer.id))).toEqual([{ n: 1 }]);
  });

  it("refuses another visitor's message, a visitor's own message and a bad body", async () => {
    const { v, conversation } = await visitorWithConversation();
    const stranger = await VisitorClient.create(server.url);
    const answer = await postServerMessage(server.deps, { conversationId: conversation.id, authorType: 'bot', body: 'Try this' });
    expectError(await stranger.request('POST', `/v1/widget/messages/${answer.id}/feedback`, { helpful: true }), 404, 'not_found');
    const own = await v.send(conversation.id, 'msg-own-0001', 'hello');
    expectError(await v.request('POST', `/v1/widget/messages/${(own.body as Message).id}/feedback`, { helpful: true }), 400, 'invalid_request');
    expectError(await v.request('POST', `/v1/widget/messages/${answer.id}/feedback`, {}), 400, 'invalid_request');
    expectError(await v.request('POST', '/v1/widget/messages/abc/feedback', { helpful: true }), 400, 'invalid_request');
  });
});

describe('PATCH /v1/widget/visitor', () => {
  it('updates contact fields and merges attributes (null removes one)', async () => {
    const v = await VisitorClient.create(server.url);
    await v.request('PATCH', '/v1/widget/visitor', { attributes: { plan: 'pro', seats: 3 } });
    const res = await v.request<VisitorProfile>('PATCH', '/v1/widget/visitor', { email: 'ada@example.com', attributes: { seats: null, trial: false } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ email: 'ada@example.com', attributes: { plan: 'pro', trial: false } });
  });

  it('refuses an empty change, a bad email and unauthenticated calls', async () => {
    const v = await VisitorClient.create(server.url);
    expectError(await v.request('PATCH', '/v1/widget/visitor', {}), 400, 'invalid_request');
    expectError(await v.request('PATCH', '/v1/widget/visitor', { email: 'nope' }), 400, 'invalid_request');
    expectError(await v.request('PATCH', '/v1/widget/visitor', { attributes: { x: { nested: 1 } } }), 400, 'invalid_request');
    expectError(await new VisitorClient(server.url).request('PATCH', '/v1/widget/visitor', { name: 'x' }), 401, 'unauthorized');
  });
});

describe('POST /v1/widget/identify', () => {
  it('gives an identified user the same conversations on every device, keeping an anonymous visitor’s history', async () => {
    const { v: phone, conversation } = await visitorWithConversation();
    const body = { site: 'pk_demo', userId: 'user-42', userHash: userHash(secret, 'user-42'), name: 'Ada' };
    const onPhone = await phone.request<IdentifyResult>('POST', '/v1/widget/identify', body);
    expect(onPhone.status).toBe(200);
    const laptop = await new VisitorClient(server.url).request<IdentifyResult>('POST', '/v1/widget/identify', body);
    expect(laptop.body.visitorId).toBe(onPhone.body.visitorId);
    expect(laptop.body.token).not.toBe(onPhone.body.token);
    const list = await new VisitorClient(server.url, laptop.body.token).request<{ conversations: Conversation[] }>('GET', '/v1/widget/conversations');
    expect(list.body.conversations.map((c) => c.id)).toEqual([conversation.id]);
    expect(laptop.body.eventCursor).toBeGreaterThan(0);
  });

  it('refuses a userHash made without the site secret, and malformed input', async () => {
    const c = new VisitorClient(server.url);
    expectError(
      await c.request('POST', '/v1/widget/identify', { site: 'pk_demo', userId: 'user-42', userHash: userHash('wrong', 'user-42') }),
      403,
      'forbidden',
    );
    expectError(await c.request('POST', '/v1/widget/identify', { site: 'pk_demo', userId: 'user-42', userHash: 'abc' }), 400, 'invalid_request');
    expectError(await c.request('POST', '/v1/widget/identify', { site: 'pk_nope', userId: 'u', userHash: userHash(secret, 'u') }), 404, 'not_found');
  });
});
