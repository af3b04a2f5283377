import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TicketCreated } from '@parley/protocol';
import { emailLog } from '../src/db/tables';
import { createAccount, createAgent, loginAs } from './helpers/agents';
import { eventually } from './helpers/handoff';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtp';
import { startTestServer, type TestServer } from './helpers/test-server';
import { VisitorClient } from './helpers/visitor-client';

/*
 * A ticket's mails (issue 16), through a real SMTP server: the acknowledgement with its
 * reference, in the visitor's language, and agents' replies threaded under it.
 */
describe('ticket mail', () => {
  let smtp: TestSmtpServer;
  let server: TestServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer({ SMTP_URL: smtp.url, PUBLIC_URL: 'http://127.0.0.1:1', PARLEY_MAIL_FROM: 'Acme Support <support@acme.example>' });
  });
  afterAll(async () => {
    await server.stop();
    await smtp.close();
  });

  it('acknowledges a ticket with its reference, and threads the agent’s reply under it', async () => {
    const account = await createAccount(server, 'Acme Tickets');
    const visitor = await VisitorClient.create(server.url, account.site.publicKey, { locale: 'fr' });
    const made = await visitor.request<TicketCreated>('POST', '/v1/widget/tickets', {
      clientId: 'ticket-mail-1',
      subject: 'Facture erronée',
      body: 'Mon adresse est fausse.\nMerci de corriger.',
      email: 'zoe@example.com',
    });
    expect(made.status).toBe(201);
    const ack = await eventually(() => smtp.mails.find((m) => m.to.includes('zoe@example.com')), 'acknowledgement');
    expect(ack.subject).toBe('[#1001] Facture erronée');
    expect(ack.text).toContain('Acme Tickets a bien reçu votre demande n° 1001.');
    expect(ack.text).toContain('> Mon adresse est fausse.\n> Merci de corriger.');
    expect(ack.raw).toMatch(new RegExp(`^In-Reply-To: <conversation-${made.body.id}@127\\.0\\.0\\.1>`, 'm'));

    const agent = await loginAs(server, (await createAgent(server, { email: 'tickets-mail-agent@example.com', accountId: account.accountId, role: 'owner' })).email);
    const reply = await agent.post(`/v1/inbox/conversations/${made.body.id}/messages`, { clientId: 'ticket-reply-1', body: 'C’est corrigé.' });
    expect(reply.status).toBe(201);
    const answer = await eventually(() => smtp.mails.find((m) => m.to.includes('zoe@example.com') && m.subject.startsWith('Re:')), 'reply');
    expect(answer.subject).toBe('Re: [#1001] Facture erronée');
    expect(answer.text).toContain('C’est corrigé.');
    expect(answer.raw).toMatch(new RegExp(`^References: <conversation-${made.body.id}@127\\.0\\.0\\.1>`, 'm'));
  });

  it('sends nothing to a visitor who gave no email', async () => {
    const account = await createAccount(server, 'Quiet Tickets');
    const visitor = await VisitorClient.create(server.url, account.site.publicKey);
    const made = await visitor.request<TicketCreated>('POST', '/v1/widget/tickets', { clientId: 'ticket-mail-2', subject: 'Hi', body: 'No email here.' });
    expect(made.status).toBe(201);
    // Mails are queued before the answer: none was.
    expect(await server.deps.db.select().from(emailLog).where(eq(emailLog.conversationId, made.body.id))).toEqual([]);
  });
});
