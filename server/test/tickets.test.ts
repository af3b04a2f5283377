import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationList, InboxConversationList, Message, TicketCreated, TicketList } from '@parley/protocol';
import { conversations, messages, sites, visitors } from '../src/db/tables';
import { createAccount, createAgent, loginAs } from './helpers/agents';
import { expectError } from './helpers/errors';
import { startTestServer, type TestServer } from './helpers/test-server';
import { VisitorClient } from './helpers/visitor-client';

/*
 * Tickets from the widget (issue 16): "Send us a message" makes a conversation of kind
 * `ticket` with a subject, a category from the site's list and a per-site reference, waiting
 * for the team; "Your requests" lists the visitor's own.
 */
let server: TestServer;
let site: { id: string; publicKey: string };
let visitor: VisitorClient;
let owner: Awaited<ReturnType<typeof loginAs>>;

beforeAll(async () => {
  server = await startTestServer();
  const account = await createAccount(server, 'Ticketed');
  site = account.site;
  owner = await loginAs(server, (await createAgent(server, { email: 'tickets-owner@example.com', accountId: account.accountId, role: 'owner' })).email);
  await server.deps.db
    .update(sites)
    .set({ settings: { tickets: { categories: ['Billing', 'Delivery'] } } })
    .where(eq(sites.id, site.id));
  visitor = await VisitorClient.create(server.url, site.publicKey);
});
afterAll(() => server.stop());

const send = (client: VisitorClient, body: object) => client.request<TicketCreated>('POST', '/v1/widget/tickets', body);
const ticket = { clientId: 'ticket-0001', subject: 'Invoice shows the wrong address', body: 'The March invoice has my old address.', category: 'Billing' };

describe('POST /v1/widget/tickets', () => {
  it('makes a ticket waiting for the team, with its description as the first message and the site’s next reference', async () => {
    const res = await send(visitor, { ...ticket, email: 'ada@example.com' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.stringMatching(/^c_/), reference: 1001, status: 'queued' });
    const [row] = await server.deps.db.select().from(conversations).where(eq(conversations.id, res.body.id));
    expect(row).toMatchObject({ kind: 'ticket', subject: ticket.subject, category: 'Billing', reference: 1001, status: 'queued', siteId: site.id });
    const thread = await server.deps.db.select().from(messages).where(eq(messages.conversationId, res.body.id));
    // Then, with nobody online here, the router's line saying the team will reply (by email).
    expect(thread.map((m) => [m.authorType, m.body])[0]).toEqual(['visitor', ticket.body]);
    expect(thread.filter((m) => m.authorType === 'bot')).toEqual([]);
    const [who] = await server.deps.db.select().from(visitors).where(eq(visitors.id, row!.visitorId));
    expect(who!.email).toBe('ada@example.com');
  });

  it('is idempotent on clientId, numbers the next one on, and keeps an email already on file', async () => {
    const again = await send(visitor, { ...ticket, email: 'someone-else@example.com' });
    expect([again.status, again.body.reference]).toEqual([200, 1001]);
    const next = await send(visitor, { clientId: 'ticket-0002', subject: 'Parcel late', body: 'Ordered a week ago.', email: 'other@example.com' });
    expect([next.status, next.body.reference]).toEqual([201, 1002]);
    const [row] = await server.deps.db.select().from(conversations).where(eq(conversations.id, next.body.id));
    const [who] = await server.deps.db.select().from(visitors).where(eq(visitors.id, row!.visitorId));
    expect(who!.email).toBe('ada@example.com');
  });

  it('numbers each site’s tickets on their own', async () => {
    const other = (await createAccount(server, 'Also ticketed')).site;
    const stranger = await VisitorClient.create(server.url, other.publicKey);
    const res = await send(stranger, { clientId: 'ticket-0001', subject: 'Hello', body: 'First ticket here.' });
    expect(res.body.reference).toBe(1001);
  });

  it('refuses bad input, a category the site does not offer, a chat’s clientId, and a request without a token', async () => {
    expectError(await send(visitor, { ...ticket, clientId: 'ticket-0003', subject: '' }), 400, 'invalid_request');
    expectError(await send(visitor, { ...ticket, clientId: 'ticket-0003', body: '   ' }), 400, 'invalid_request');
    expectError(await send(visitor, { ...ticket, clientId: 'ticket-0003', subject: 'x'.repeat(201) }), 400, 'invalid_request');
    expectError(await send(visitor, { ...ticket, clientId: 'ticket-0003', category: 'Refunds' }), 400, 'invalid_request');
    expectError(await send(visitor, { ...ticket, clientId: 'ticket-0003', email: 'not an email' }), 400, 'invalid_request');
    expectError(await send(visitor, { ...ticket, clientId: 'bad id!' }), 400, 'invalid_request');
    await visitor.conversation('chat-00001');
    expectError(await send(visitor, { ...ticket, clientId: 'chat-00001' }), 409, 'conflict');
    expectError(await send(new VisitorClient(server.url), ticket), 401, 'unauthorized');
    expect((await server.deps.db.select().from(conversations).where(eq(conversations.kind, 'ticket'))).length).toBe(3);
  });
});

describe('GET /v1/widget/tickets', () => {
  it('lists the visitor’s own tickets, not their chats, with subject, reference, status and the last message', async () => {
    const { status, body } = await visitor.request<TicketList>('GET', '/v1/widget/tickets');
    expect(status).toBe(200);
    expect(body.tickets.map((t) => [t.reference, t.subject, t.kind, t.status])).toEqual([
      [1002, 'Parcel late', 'ticket', 'queued'],
      [1001, ticket.subject, 'ticket', 'queued'],
    ]);
    expect((body.tickets[1]!.lastMessage as Message).createdAt).toBeTruthy();
    // The conversations list keeps both kinds, each saying which it is.
    const all = await visitor.request<ConversationList>('GET', '/v1/widget/conversations');
    expect(all.body.conversations.map((c) => c.kind).sort()).toEqual(['chat', 'ticket', 'ticket']);
    const someoneElse = await VisitorClient.create(server.url, site.publicKey);
    expect((await someoneElse.request<TicketList>('GET', '/v1/widget/tickets')).body.tickets).toEqual([]);
  });
});

describe('tickets in the inbox', () => {
  it('lists them with subject and reference, filters by kind, and finds one by its reference', async () => {
    const list = async (query: string) => (await owner.get<InboxConversationList>(`/v1/inbox/conversations?${query}`)).body.conversations;
    const tickets = await list('kind=ticket');
    expect(tickets.map((c) => [c.kind, c.reference, c.subject])).toEqual([
      ['ticket', 1002, 'Parcel late'],
      ['ticket', 1001, ticket.subject],
    ]);
    expect((await list('kind=chat')).map((c) => [c.kind, c.subject, c.reference])).toEqual([['chat', null, null]]);
    expect((await list(`q=${encodeURIComponent('#1002')}`)).map((c) => c.reference)).toEqual([1002]);
    expect((await list('q=1001')).map((c) => c.reference)).toEqual([1001]);
    expectError(await owner.get('/v1/inbox/conversations?kind=letter'), 400, 'invalid_request');
  });
});
