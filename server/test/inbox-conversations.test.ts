import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AuthorType,
  ConversationDetail,
  DurableEvent,
  InboxConversation,
  InboxConversationList,
  InboxMessage,
  MessagePage,
  VisitorSession,
  VisitorStreamEvent,
} from '@parley/protocol';
import { newId } from '../src/db/ids';
import { conversations, messages } from '../src/db/tables';
import { createAccount, createAgent, demoSite, loginAs } from './helpers/agents';
import { expectError } from './helpers/errors';
import { conversationRow, eventually, handedOff } from './helpers/handoff';
import { InboxClient } from './helpers/inbox-client';
import { openStream } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/test-server';
import { VisitorClient } from './helpers/visitor-client';

let server: TestServer;
let owner: Awaited<ReturnType<typeof InboxClient.login>>;
beforeAll(async () => {
  server = await startTestServer();
  owner = await InboxClient.login(server.url);
});
afterAll(() => server.stop());

/** Collects what a stream delivers, for asserting what did and did not arrive. */
function collect(url: string, headers: Record<string, string> = {}) {
  const events: VisitorStreamEvent[] = [];
  const conn = openStream(url, { headers, onEvent: (e) => events.push(e) });
  return { events, conn, durable: () => events.filter((e): e is DurableEvent => 'id' in e) };
}

describe('the inbox conversation list', () => {
  it('shows a handed-off conversation in the unassigned queue with its visitor, last message and unread count', async () => {
    const { conversationId } = await handedOff(server, 'pk_demo', { email: 'queue@example.com', text: 'My parcel never arrived' });
    const list = await eventually(async () => {
      const res = await owner.get<InboxConversationList>('/v1/inbox/conversations?view=unassigned');
      // Routing stamps the SLA deadlines just after the handoff commits.
      return res.body.conversations.find((c) => c.id === conversationId && c.firstResponseDueAt);
    }, 'queued conversation in the list');
    expect(list).toMatchObject({
      status: 'queued',
      assignee: null,
      visitor: { email: 'queue@example.com' },
      lastMessage: { body: expect.any(String) },
      unread: 1,
      site: { name: 'Demo site' },
      sla: { firstResponse: 'ok', resolution: 'ok' },
    });
    const counts = (await owner.get<InboxConversationList>('/v1/inbox/conversations')).body.counts;
    expect(counts.unassigned).toBeGreaterThanOrEqual(1);
  });

  it('finds conversations by message words and by visitor email, never by FTS syntax', async () => {
    const { conversationId } = await handedOff(server, 'pk_demo', { email: 'zebra.crossing@example.com', text: 'The blender exploded spectacularly' });
    const search = async (q: string) =>
      (await owner.get<InboxConversationList>(`/v1/inbox/conversations?q=${encodeURIComponent(q)}`)).body.conversations.map((c) => c.id);
    expect(await search('blender spectac')).toContain(conversationId);
    expect(await search('zebra.crossing')).toContain(conversationId);
    expect(await search('blender unicorn')).not.toContain(conversationId);
    for (const hostile of ['"', 'blender AND', 'NEAR(', '*', 'body:x', '%_\\']) {
      expect((await owner.get(`/v1/inbox/conversations?q=${encodeURIComponent(hostile)}`)).status).toBe(200);
    }
  });

  it('filters by status and site, and rejects a bad filter', async () => {
    const res = await owner.get<InboxConversationList>(`/v1/inbox/conversations?status=queued&siteId=${(await demoSite(server)).id}`);
    expect(res.status).toBe(200);
    expect(res.body.conversations.every((c) => c.status === 'queued')).toBe(true);
    expectError(await owner.get('/v1/inbox/conversations?status=lost'), 400, 'invalid_request');
    expectError(await owner.get('/v1/inbox/conversations?view=theirs'), 400, 'invalid_request');
  });
});

describe('working a conversation', () => {
  it('takes, replies, notes, snoozes, resolves and reopens, with the visitor seeing only what is theirs', async () => {
    const agentRow = await createAgent(server, { email: 'worker@example.com', name: 'Wendy' });
    const agent = await loginAs(server, agentRow.email);
    const { visitor, conversationId } = await handedOff(server, 'pk_demo');
    const visitorStream = collect(`${server.url}/v1/widget/stream?token=${visitor.token}`);
    const agentStream = collect(`${server.url}/v1/inbox/stream`, { cookie: agent.cookie! });
    await Promise.all([visitorStream.conn.ready, agentStream.conn.ready]);

    const take = await agent.patch<InboxConversation>(`/v1/inbox/conversations/${conversationId}`, { assigneeId: agentRow.id });
    expect(take.body).toMatchObject({ status: 'open', assignee: { id: agentRow.id, name: 'Wendy' } });

    const reply = await agent.post<InboxMessage>(`/v1/inbox/conversations/${conversationId}/messages`, { clientId: 'reply-0001', body: 'Hi, Wendy here.' });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ author: { type: 'agent', name: 'Wendy' }, internal: false });
    const retry = await agent.post<InboxMessage>(`/v1/inbox/conversations/${conversationId}/messages`, { clientId: 'reply-0001', body: 'Hi, Wendy here.' });
    expect(retry).toMatchObject({ status: 200, body: { id: reply.body.id } });

    const note = await agent.post<InboxMessage>(`/v1/inbox/conversations/${conversationId}/messages`, {
      clientId: 'note-0001',
      body: 'SECRET: customer is a VIP',
      internal: true,
    });
    expect(note.body.internal).toBe(true);
    expectError(await agent.post(`/v1/inbox/conversations/${conversationId}/messages`, { clientId: 'x', body: '' }), 400, 'invalid_request');

    const until = new Date(Date.now() + 3_600_000).toISOString();
    expect((await agent.patch<InboxConversation>(`/v1/inbox/conversations/${conversationId}`, { status: 'snoozed', snoozedUntil: until })).body).toMatchObject({
      status: 'snoozed',
      snoozedUntil: until,
    });
    expectError(await agent.patch(`/v1/inbox/conversations/${conversationId}`, { status: 'snoozed' }), 400, 'invalid_request');
    expectError(
      await agent.patch(`/v1/inbox/conversations/${conversationId}`, { status: 'snoozed', snoozedUntil: '2001-01-01T00:00:00Z' }),
      400,
      'invalid_request',
    );
    expect((await agent.patch<InboxConversation>(`/v1/inbox/conversations/${conversationId}`, { priority: 'high', category: 'billing' })).body).toMatchObject({
      priority: 'high',
      category: 'billing',
    });
    expect((await agent.patch<InboxConversation>(`/v1/inbox/conversations/${conversationId}`, { status: 'resolved' })).body.status).toBe('resolved');
    expect((await conversationRow(server, conversationId)).resolvedAt).not.toBeNull();
    expect((await agent.patch<InboxConversation>(`/v1/inbox/conversations/${conversationId}`, { status: 'open' })).body.status).toBe('open');

    // The visitor API and stream never carry the note; the agent's stream and transcript do.
    const page = await visitor.request<MessagePage>('GET', `/v1/widget/conversations/${conversationId}/messages?limit=200`);
    expect(page.body.messages.map((m) => m.body)).toContain('Hi, Wendy here.');
    expect(JSON.stringify(page.body)).not.toContain('SECRET');
    await eventually(() => agentStream.durable().some((e) => e.type === 'message.created' && e.message.body.startsWith('SECRET')), 'note on the agent stream');
    await eventually(
      () => visitorStream.durable().some((e) => e.type === 'conversation.updated' && e.conversation.status === 'open' && e.by.type === 'agent'),
      'reopen on the visitor stream',
    );
    expect(JSON.stringify(visitorStream.events)).not.toContain('SECRET');
    // Nor does a replay from the start.
    const replay = collect(`${server.url}/v1/widget/stream?token=${visitor.token}`);
    await replay.conn.ready;
    await eventually(() => replay.durable().some((e) => e.type === 'message.created' && e.message.body === 'Hi, Wendy here.'), 'visitor replay');
    expect(JSON.stringify(replay.events)).not.toContain('SECRET');

    const detail = await agent.get<ConversationDetail>(`/v1/inbox/conversations/${conversationId}`);
    expect(detail.body.messages.map((m) => [m.author.type, m.internal])).toEqual(
      expect.arrayContaining([
        ['visitor', false],
        ['agent', true],
        ['system', false],
      ]),
    );
    expect(detail.body.conversation).toMatchObject({ priority: 'high', category: 'billing', assignee: { id: agentRow.id } });
    for (const s of [visitorStream, agentStream, replay]) s.conn.close();
  });

  it('sends the agent typing indicator to the visitor stream only as an ephemeral event', async () => {
    const { visitor, conversationId } = await handedOff(server, 'pk_demo');
    const stream = collect(`${server.url}/v1/widget/stream?token=${visitor.token}`);
    await stream.conn.ready;
    expect((await owner.post(`/v1/inbox/conversations/${conversationId}/typing`, { isTyping: true })).status).toBe(204);
    await eventually(() => stream.events.some((e) => e.type === 'typing' && e.author === 'agent' && e.isTyping), 'typing');
    expectError(await owner.post(`/v1/inbox/conversations/${conversationId}/typing`, { isTyping: 'yes' }), 400, 'invalid_request');
    stream.conn.close();
  });

  it('clears unread counts when the agent reads up to the last message', async () => {
    const { conversationId } = await handedOff(server, 'pk_demo');
    const unread = async () => (await owner.get<ConversationDetail>(`/v1/inbox/conversations/${conversationId}`)).body;
    const badge = async () => (await owner.get<InboxConversationList>('/v1/inbox/conversations')).body.counts.unread;
    const before = await unread();
    expect(before.conversation.unread).toBe(1);
    // Counted once routing has queued it (routing runs just after the handoff).
    // The badge counts the agent's own and the queue's unread conversations: take it first
    // (routing may already have given it to an agent another test set online).
    await eventually(async () => ((await unread()).conversation.status !== 'bot' ? true : null), 'handoff routed');
    expect((await owner.patch(`/v1/inbox/conversations/${conversationId}`, { assigneeId: owner.me.id })).status).toBe(200);
    const badgeBefore = await badge();
    const last = before.messages.at(-1)!.id;
    expect((await owner.post(`/v1/inbox/conversations/${conversationId}/read`, { messageId: last })).status).toBe(204);
    expect((await owner.post(`/v1/inbox/conversations/${conversationId}/read`, { messageId: 1 })).status).toBe(204);
    expect((await unread()).conversation.unread).toBe(0);
    expect(await badge()).toBe(badgeBefore - 1);
  });

  it('shows the visitor sidebar with contact and past conversations', async () => {
    const { visitor, conversationId } = await handedOff(server, 'pk_demo', { email: 'sidebar@example.com', text: 'First question' });
    const second = await visitor.conversation('conv-second-0001');
    await visitor.send(second.id, 'msg-second-0001', 'Second question');
    const detail = (await owner.get<ConversationDetail>(`/v1/inbox/conversations/${second.id}`)).body;
    expect(detail.visitor).toMatchObject({ email: 'sidebar@example.com' });
    expect(Object.keys(detail.visitor)).not.toContain('tokenHash');
    expect(detail.pastConversations).toEqual([expect.objectContaining({ id: conversationId, lastMessage: 'First question' })]);
  });

  it("lists the visitor's 20 latest past conversations, newest first, each with the visitor's first public line", async () => {
    const { conversationId } = await handedOff(server, 'pk_demo', { text: 'The current question' });
    const current = await conversationRow(server, conversationId);
    const db = server.deps.db;
    const day = 86_400_000;
    const earlier: { id: string; lastMessage: string | null }[] = [];
    for (let i = 0; i < 22; i++) {
      const createdAt = new Date(current.createdAt.getTime() - (i + 1) * day);
      const id = newId('conv');
      await db
        .insert(conversations)
        .values({ id, siteId: current.siteId, visitorId: current.visitorId, clientId: `past-${i}`, status: 'resolved', createdAt, updatedAt: createdAt });
      const line = (authorType: AuthorType, body: string, internal = false) => ({ conversationId: id, authorType, body, internal, createdAt });
      // The newest past conversation never got past the bot's greeting.
      const greeting = line('bot', 'Hi! How can I help?');
      const lines =
        i === 0 ? [greeting] : [greeting, line('agent', 'A private note', true), line('visitor', `Question ${i}`), line('visitor', 'Anyone there?')];
      await db.insert(messages).values(lines);
      earlier.push({ id, lastMessage: i === 0 ? null : `Question ${i}` });
    }
    const detail = (await owner.get<ConversationDetail>(`/v1/inbox/conversations/${conversationId}`)).body;
    expect(detail.pastConversations.map((p) => ({ id: p.id, lastMessage: p.lastMessage }))).toEqual(earlier.slice(0, 20));
  });
});

describe('account and role boundaries', () => {
  it('answers 404 to an agent of another account for every conversation route, and 401 without a session', async () => {
    const { conversationId } = await handedOff(server, 'pk_demo');
    const statusBefore = (await conversationRow(server, conversationId)).status;
    const other = await createAccount(server, 'Rival Inc');
    await createAgent(server, { email: 'rival@example.com', accountId: other.accountId, role: 'owner' });
    const rival = await loginAs(server, 'rival@example.com');
    const anonymous = new InboxClient(server.url);
    const routes: Array<[string, string, unknown?]> = [
      ['GET', `/v1/inbox/conversations/${conversationId}`],
      ['POST', `/v1/inbox/conversations/${conversationId}/messages`, { clientId: 'rival-0001', body: 'hi' }],
      ['PATCH', `/v1/inbox/conversations/${conversationId}`, { status: 'resolved' }],
      ['POST', `/v1/inbox/conversations/${conversationId}/typing`, { isTyping: true }],
      ['POST', `/v1/inbox/conversations/${conversationId}/read`, { messageId: 1 }],
    ];
    for (const [method, path, body] of routes) {
      expectError(await rival.request(method, path, body), 404, 'not_found');
      expectError(await anonymous.request(method, path, body), 401, 'unauthorized');
    }
    const list = await rival.get<InboxConversationList>('/v1/inbox/conversations');
    expect(list.body.conversations.map((c) => c.id)).not.toContain(conversationId);
    expect((await conversationRow(server, conversationId)).status).toBe(statusBefore);
    // Nor can a conversation be given to an agent of another account.
    expectError(await owner.patch(`/v1/inbox/conversations/${conversationId}`, { assigneeId: rival.me.id }), 404, 'not_found');
  });

  it("keeps another account's events off an agent's stream", async () => {
    const other = await createAccount(server, 'Quiet Ltd');
    await createAgent(server, { email: 'quiet@example.com', accountId: other.accountId });
    const quiet = await loginAs(server, 'quiet@example.com');
    const stream = collect(`${server.url}/v1/inbox/stream`, { cookie: quiet.cookie! });
    await stream.conn.ready;
    const { conversationId } = await handedOff(server, 'pk_demo');
    await owner.post(`/v1/inbox/conversations/${conversationId}/messages`, { clientId: 'loud-0001', body: 'loud' });
    const theirs = await handedOff(server, other.site.publicKey);
    await eventually(() => stream.durable().some((e) => 'conversationId' in e && e.conversationId === theirs.conversationId), 'own event');
    expect(stream.durable().some((e) => 'conversationId' in e && e.conversationId === conversationId)).toBe(false);
    stream.conn.close();
  });
});

describe('the visitor sidebar: page and browser', () => {
  const chrome = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
  const firefox = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:125.0) Gecko/20100101 Firefox/125.0';

  async function visitorOn(page: string) {
    const v = new VisitorClient(server.url);
    const created = await v.request<VisitorSession>('POST', '/v1/widget/visitors', { site: 'pk_demo', page }, { 'user-agent': chrome });
    expect(created.status).toBe(201);
    v.token = created.body.token;
    const conversation = await v.conversation(`conv-page-${Math.random().toString(36).slice(2, 10)}`);
    await v.send(conversation.id, 'msg-page-0001', 'Is the pro plan monthly?');
    const visitor = async () => (await owner.get<ConversationDetail>(`/v1/inbox/conversations/${conversation.id}`)).body.visitor;
    return { v, visitor };
  }

  it('shows the page the widget reported and the browser read from the User-Agent header', async () => {
    const { v, visitor } = await visitorOn('https://shop.example.com/pricing?plan=pro');
    expect(await visitor()).toMatchObject({
      pageUrl: 'https://shop.example.com/pricing?plan=pro',
      pageSeenAt: expect.any(String),
      browser: 'Chrome 156 on Linux',
    });

    const moved = await v.request('PATCH', '/v1/widget/visitor', { page: 'https://shop.example.com/checkout' }, { 'user-agent': firefox });
    expect(moved.status).toBe(200);
    expect(await visitor()).toMatchObject({ pageUrl: 'https://shop.example.com/checkout', browser: 'Firefox 125 on macOS' });
  });

  it('refuses a page that is not an http(s) URL or is longer than 2,000 characters, and keeps the last one', async () => {
    const { v, visitor } = await visitorOn('https://shop.example.com/');
    for (const page of ['not a url', 'javascript:alert(1)', `https://shop.example.com/${'a'.repeat(2000)}`, 42]) {
      expectError(await v.request('PATCH', '/v1/widget/visitor', { page }), 400, 'invalid_request');
    }
    expectError(
      await new VisitorClient(server.url).request('POST', '/v1/widget/visitors', { site: 'pk_demo', page: 'ftp://shop.example.com/' }),
      400,
      'invalid_request',
    );
    expect((await visitor()).pageUrl).toBe('https://shop.example.com/');
  });
});
