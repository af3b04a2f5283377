import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebhookPayloads, type InboxConversation, type InboxConversationList, type Message, type Report, type MessagePage, type TicketCounts, type TicketCreated } from '@parley/protocol';
import { conversations, sites } from '../src/db/tables';
import { expireTickets } from '../src/tickets/expiry';
import { createAccount, createAgent, loginAs } from './helpers/agents';
import { expectError } from './helpers/errors';
import { eventually } from './helpers/handoff';
import { InboxClient } from './helpers/inbox-client';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtp';
import { startTestServer, type TestServer } from './helpers/test-server';
import { VisitorClient } from './helpers/visitor-client';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/webhook-receiver';

/*
 * A ticket's life after it is made (issue 16): waiting on the customer with a question, which
 * resolves itself after the site's pendingDays; resolved, with a mail saying how to reopen it,
 * and closed after closeDays, when a reply opens a new ticket linked to it; a chat made a
 * ticket and back; the Tickets view's counts; each transition an event that webhooks announce.
 */
let server: TestServer;
let smtp: TestSmtpServer;
let receiver: WebhookReceiver;
let owner: Awaited<ReturnType<typeof InboxClient.login>>;
let site: { id: string; publicKey: string };
let agent: Awaited<ReturnType<typeof loginAs>>;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  smtp = await startSmtpServer();
  server = await startTestServer({ PARLEY_WEBHOOK_ALLOW_PRIVATE: '1', SMTP_URL: smtp.url, PARLEY_MAIL_FROM: 'Support <support@lifecycle.example>' });
  owner = await InboxClient.login(server.url);
  const account = await createAccount(server, 'Lifecycle');
  site = account.site;
  agent = await loginAs(server, (await createAgent(server, { email: 'lifecycle-owner@example.com', accountId: account.accountId, role: 'owner', name: 'Lena' })).email);
});
afterAll(async () => {
  await server.stop();
  await smtp.close();
  await receiver.close();
});
beforeEach(() => receiver.answerWith(() => 200));

const DAY_MS = 24 * 60 * 60 * 1000;
let made = 0;
/** A new visitor (with an email, so mails go out) and their ticket. */
async function newTicket(subject = 'Parcel never arrived', email: string | undefined = `buyer${++made}@example.com`) {
  const visitor = await VisitorClient.create(server.url, site.publicKey);
  const res = await visitor.request<TicketCreated>('POST', '/v1/widget/tickets', { clientId: `lifecycle-${made}`, subject, body: 'Ordered two weeks ago.', email });
  expect(res.status).toBe(201);
  return { visitor, ticket: res.body, email };
}
const row = async (id: string) => (await server.deps.db.select().from(conversations).where(eq(conversations.id, id)))[0]!;
const patch = (id: string, body: object) => agent.patch<InboxConversation>(`/v1/inbox/conversations/${id}`, body);
const thread = async (visitor: VisitorClient, id: string) => (await visitor.request<MessagePage>('GET', `/v1/widget/conversations/${id}/messages`)).body.messages;
const mailsTo = (email: string) => smtp.mails.filter((m) => m.to.includes(email));
const expire = (at: number) => expireTickets(server.deps, new Date(at), (id, messageId) => server.services.followUp.replySent(id, messageId));

describe('waiting on the customer', () => {
  it('asks the question as the agent’s reply, mails it, and goes back to the agent when the customer answers', async () => {
    const { visitor, ticket, email } = await newTicket();
    const res = await patch(ticket.id, { status: 'pending', question: 'Which address did you order to?' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'pending', assignee: { name: 'Lena' } });
    expect((await row(ticket.id)).pendingSince).toBeInstanceOf(Date);
    const asked = (await thread(visitor, ticket.id)).at(-1)!;
    expect(asked).toMatchObject({ body: 'Which address did you order to?', author: { type: 'agent', name: 'Lena' }, meta: { ticket: 'pending' } });
    const mail = await eventually(() => mailsTo(email!).find((m) => m.subject.startsWith('Re:')), 'the question by mail');
    expect(mail.subject).toBe(`Re: [#${ticket.reference}] Parcel never arrived`);
    expect(mail.text).toContain(`Lifecycle needs more information about your request #${ticket.reference}:`);
    expect(mail.text).toContain('Which address did you order to?\n\n— Lena, Lifecycle');
    expect(mail.text).toContain('Reply to this email to answer.');

    await visitor.send(ticket.id, 'answer-1', '12 Rue de la Paix.');
    expect(await row(ticket.id)).toMatchObject({ status: 'open', pendingSince: null });
  });

  it('refuses a pending status without a question, a question without it, and either on a chat', async () => {
    const { ticket } = await newTicket();
    expectError(await patch(ticket.id, { status: 'pending' }), 400, 'invalid_request');
    expectError(await patch(ticket.id, { status: 'open', question: 'Why?' }), 400, 'invalid_request');
    const visitor = await VisitorClient.create(server.url, site.publicKey);
    const chat = await visitor.conversation('lifecycle-chat-1');
    expectError(await patch(chat.id, { status: 'pending', question: 'Why?' }), 400, 'invalid_request');
    expectError(await patch(chat.id, { status: 'closed' }), 400, 'invalid_request');
    expect((await row(chat.id)).status).toBe('bot');
    expect((await thread(visitor, chat.id)).length).toBe(0);
  });

  it('resolves itself after the site’s pendingDays, saying so by mail, then closes after closeDays', async () => {
    await server.deps.db.update(sites).set({ settings: { tickets: { pendingDays: 3, closeDays: 5 } } }).where(eq(sites.id, site.id));
    const { visitor, ticket, email } = await newTicket('Refund');
    await patch(ticket.id, { status: 'pending', question: 'Could you send a photo?' });
    const now = Date.now();
    expect(await expire(now + 2 * DAY_MS)).toEqual({ resolved: 0, closed: 0 });
    expect((await expire(now + 3 * DAY_MS + 60_000)).resolved).toBeGreaterThanOrEqual(1);
    expect((await row(ticket.id)).status).toBe('resolved');
    const line = (await thread(visitor, ticket.id)).at(-1)!;
    expect(line).toMatchObject({ author: { type: 'system' }, meta: { ticket: 'resolved' } });
    expect(line.body).toBe(`We had no answer in 3 days, so request #${ticket.reference} is resolved. Reply to reopen it.`);
    const mail = await eventually(() => mailsTo(email!).find((m) => m.text.includes('We had no answer')), 'the resolution by mail');
    expect(mail.subject).toBe(`Re: [#${ticket.reference}] Refund`);
    // A second process's pass finds nothing left to do.
    expect((await expire(now + 3 * DAY_MS + 60_000)).resolved).toBe(0);
    // Resolved (really) now: closed five days on.
    expect((await expire(now + 4 * DAY_MS)).closed).toBe(0);
    expect((await expire(now + 5 * DAY_MS + 60_000)).closed).toBeGreaterThanOrEqual(1);
    expect((await row(ticket.id)).status).toBe('closed');
    await server.deps.db.update(sites).set({ settings: {} }).where(eq(sites.id, site.id));
  });
});

describe('resolved and closed', () => {
  it('tells the customer a ticket is resolved and how to reopen it; their reply reopens it, counted', async () => {
    const { visitor, ticket, email } = await newTicket('Wrong size');
    await patch(ticket.id, { assigneeId: agent.me.id });
    expect((await patch(ticket.id, { status: 'resolved' })).body.status).toBe('resolved');
    expect((await thread(visitor, ticket.id)).at(-1)!.body).toBe(`Your request #${ticket.reference} is resolved. Reply to reopen it.`);
    await eventually(() => mailsTo(email!).find((m) => m.text.includes('is resolved')), 'the resolution by mail');
    await visitor.send(ticket.id, 'reopen-1', 'Still the wrong size.');
    expect(await row(ticket.id)).toMatchObject({ status: 'open', resolvedAt: null, reopens: 1 });
  });

  it('opens a new ticket linked to a closed one for the customer’s reply, once however often it is sent', async () => {
    const { visitor, ticket } = await newTicket('Broken lid');
    await patch(ticket.id, { priority: 'high', category: null });
    expect((await patch(ticket.id, { status: 'closed' })).body.status).toBe('closed');
    expect((await row(ticket.id)).resolvedAt).toBeInstanceOf(Date);
    const sent = await visitor.send(ticket.id, 'after-close-1', 'The new lid broke too.');
    expect(sent.status).toBe(201);
    const next = sent.body.conversationId;
    expect(next).not.toBe(ticket.id);
    expect(await row(next)).toMatchObject({ kind: 'ticket', subject: 'Broken lid', priority: 'high', followsUpId: ticket.id, status: 'queued', reference: ticket.reference + 1 });
    expect((await row(ticket.id)).status).toBe('closed');
    const again = await visitor.send(ticket.id, 'after-close-1', 'The new lid broke too.');
    expect([again.status, again.body.id, again.body.conversationId]).toEqual([200, sent.body.id, next]);
    const listed = (await agent.get<InboxConversationList>(`/v1/inbox/conversations?kind=ticket&q=%23${ticket.reference + 1}`)).body.conversations;
    expect(listed.find((c) => c.id === next)?.followsUp).toEqual({ id: ticket.id, reference: ticket.reference });
    expect((await thread(visitor, next)).map((m: Message) => m.body)).toEqual(['The new lid broke too.']);
  });
});

describe('a chat made a ticket, and back', () => {
  it('gives it the next reference and a subject, tells the visitor in the thread and by mail, and turns back', async () => {
    const visitor = await VisitorClient.create(server.url, site.publicKey);
    await visitor.request('PATCH', '/v1/widget/visitor', { email: 'chatter@example.com' });
    const chat = await visitor.conversation('lifecycle-chat-2');
    await visitor.send(chat.id, 'chat-msg-1', 'My order is missing a part.');
    expectError(await patch(chat.id, { kind: 'ticket' }), 400, 'invalid_request');
    const made = await patch(chat.id, { kind: 'ticket', subject: 'Missing part' });
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ kind: 'ticket', subject: 'Missing part', reference: expect.any(Number), emailFollowUp: true, status: 'queued' });
    const line = (await thread(visitor, chat.id)).at(-1)!;
    expect(line.body).toBe(`This conversation is now request #${made.body.reference}: Missing part. We will reply here and by email.`);
    await eventually(() => mailsTo('chatter@example.com').find((m) => m.subject === `Re: [#${made.body.reference}] Missing part`), 'the reference by mail');
    const back = await patch(chat.id, { kind: 'chat' });
    expect(back.body).toMatchObject({ kind: 'chat', reference: made.body.reference });
    expect((await patch(chat.id, { kind: 'ticket', subject: 'Missing part again' })).body.reference).toBe(made.body.reference);
  });
});

describe('GET /v1/inbox/tickets/counts', () => {
  it('counts the account’s tickets by where they stand, with the list’s filters, and nothing of another account', async () => {
    const counts = async (query = '') => (await agent.get<TicketCounts>(`/v1/inbox/tickets/counts${query}`)).body;
    const before = await counts();
    const { ticket } = await newTicket('Counted');
    await patch(ticket.id, { priority: 'urgent' });
    const after = await counts();
    expect(after).toMatchObject({ open: before.open + 1, unassigned: before.unassigned + 1, inProgress: before.inProgress });
    expect(after.open).toBe(after.unassigned + after.inProgress);
    expect(await counts('?priority=urgent')).toEqual({ open: 1, unassigned: 1, inProgress: 0, waiting: 0, resolved: 0, closed: 0 });
    await patch(ticket.id, { status: 'pending', question: 'Which colour?' });
    expect(await counts('?priority=urgent')).toEqual({ open: 0, unassigned: 0, inProgress: 0, waiting: 1, resolved: 0, closed: 0 });
    expect(await counts(`?assigneeId=${agent.me.id}&priority=urgent`)).toMatchObject({ waiting: 1 });
    expect((await owner.get<TicketCounts>('/v1/inbox/tickets/counts?priority=urgent')).body).toMatchObject({ waiting: 0 });
    expectError(await agent.get('/v1/inbox/tickets/counts?priority=whenever'), 400, 'invalid_request');
  });
});

describe('reports', () => {
  it('counts the tickets made and resolved, by category and priority, the reopen rate, and lists each in a CSV', async () => {
    const mine = await server.deps.db.select().from(conversations).where(eq(conversations.siteId, site.id));
    const tickets = mine.filter((c) => c.kind === 'ticket');
    const report = (await agent.get<Report>(`/v1/inbox/reports?days=7&siteId=${site.id}`)).body.tickets;
    const done = tickets.filter((t) => t.status === 'resolved' || t.status === 'closed');
    expect(report).toMatchObject({ created: tickets.length, resolved: done.length });
    expect(report.days.reduce((n, d) => n + d.created, 0)).toBe(tickets.length);
    // "Broken lid", closed, and the ticket its reply opened, which kept its priority.
    expect(report.byPriority.find((p) => p.priority === 'high')).toEqual({ priority: 'high', created: 2, resolved: 1 });
    // "Wrong size" was reopened; those ever resolved are the done ones and it.
    expect(report.reopenRate).toBeCloseTo(1 / (done.length + 1));
    expect(report.medianFirstResponseSeconds).toEqual(expect.any(Number));
    const csv = await fetch(`${server.url}/v1/inbox/reports/tickets.csv?days=7&siteId=${site.id}`, { headers: { cookie: agent.cookie! } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('"reference","subject","category","priority","status","created_at","resolved_at","first_response_seconds","resolution_seconds","reopens"');
    expect(lines.length).toBe(tickets.length + 1);
    expect(lines.find((l) => l.includes('Wrong size'))).toMatch(/,"?open"?,.*,"?1"?$/);
    expectError(await owner.get(`/v1/inbox/reports/tickets.csv?siteId=${site.id}`), 404, 'not_found');
  });
});

describe('webhooks', () => {
  it('announces a ticket with its own events too, which a chat never makes', async () => {
    const hook = await receiver.register(owner, ['ticket.created', 'ticket.status_changed']);
    const visitor = await VisitorClient.create(server.url, 'pk_demo');
    await visitor.conversation(`hooks-chat-${hook.id}`);
    const made = await visitor.request<{ id: string; reference: number }>('POST', '/v1/widget/tickets', {
      clientId: `hooks-ticket-${hook.id}`,
      subject: 'Broken zip',
      body: 'The zipper broke on day one.',
    });
    await owner.patch(`/v1/inbox/conversations/${made.body.id}`, { assigneeId: owner.me.id, status: 'open' });
    await owner.patch(`/v1/inbox/conversations/${made.body.id}`, { status: 'resolved' });
    await eventually(() => receiver.on(hook.path).some((r) => r.json.data.status?.to === 'resolved'), 'the ticket resolved');
    const got = receiver.on(hook.path);
    for (const r of got) WebhookPayloads[r.json.type as keyof typeof WebhookPayloads].parse(r.json);
    expect(got.map((r) => r.json.data.conversation.id)).toEqual(got.map(() => made.body.id));
    expect(got[0]!.json).toMatchObject({ type: 'ticket.created', data: { conversation: { kind: 'ticket', subject: 'Broken zip', reference: made.body.reference } } });
    expect(got.slice(1).map((r) => [r.json.type, r.json.data.status.to])).toEqual([
      ['ticket.status_changed', 'open'],
      ['ticket.status_changed', 'resolved'],
    ]);
  });

});
