import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createAgent, loginAs } from './helpers/agents';
import { conversationRow, eventually, handedOff, offlineHandoff } from './helpers/handoff';
import { startSmtpServer } from './helpers/smtp';
import { startTestServer, type TestServer } from './helpers/test-server';

describe('offline email follow-up over SMTP', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let server: TestServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer({ PARLEY_ROUTING_SWEEP_SECONDS: '0.1', SMTP_URL: smtp.url, PUBLIC_URL: 'http://127.0.0.1:1', PARLEY_MAIL_FROM: 'Acme Support <support@acme.example>' });
  });
  afterAll(async () => {
    await server.stop();
    await smtp.close();
  });

  it("emails an agent's reply to a visitor who was told to expect email, and never a private note", async () => {
    const { agent, conversationId } = await offlineHandoff(server, 'ada@example.com');
    await agent.post(`/v1/inbox/conversations/${conversationId}/messages`, { clientId: 'note-mail-1', body: 'PRIVATE: check the refund policy', internal: true });
    const reply = await agent.post(`/v1/inbox/conversations/${conversationId}/messages`, { clientId: 'reply-mail-1', body: 'Your refund is on its way.' });
    expect(reply.status).toBe(201);
    const mail = await eventually(() => smtp.mails.find((m) => m.to.includes('ada@example.com')), 'mail');
    expect(mail.from).toBe('support@acme.example');
    expect(mail.subject).toBe('Re: your conversation with Nightshift');
    expect(mail.raw).toContain('Your refund is on its way.');
    expect(mail.raw).toMatch(new RegExp(`^In-Reply-To: <conversation-${conversationId}@127\\.0\\.0\\.1>`, 'm'));
    // Inbound email is off here: replies go to the sender address.
    expect(mail.raw).not.toMatch(/^Reply-To:/m);
    // A retried send neither posts nor mails twice.
    await agent.post(`/v1/inbox/conversations/${conversationId}/messages`, { clientId: 'reply-mail-1', body: 'Your refund is on its way.' });
    await agent.post(`/v1/inbox/conversations/${conversationId}/messages`, { clientId: 'reply-mail-2', body: 'Anything else?' });
    await eventually(() => smtp.mails.filter((m) => m.to.includes('ada@example.com')).length === 2, 'second mail');
    const all = smtp.mails.filter((m) => m.to.includes('ada@example.com'));
    expect(all.map((m) => m.raw.includes('Your refund'))).toEqual([true, false]);
    expect(all.some((m) => m.raw.includes('PRIVATE'))).toBe(false);
  });

  it('mails a visitor who left their email after being asked, and nobody before that', async () => {
    const { agent, visitor, conversationId } = await offlineHandoff(server);
    await agent.post(`/v1/inbox/conversations/${conversationId}/messages`, { clientId: 'reply-noemail', body: 'Hello?' });
    expect((await visitor.request('PATCH', '/v1/widget/visitor', { email: 'late@example.com' })).status).toBe(200);
    await agent.post(`/v1/inbox/conversations/${conversationId}/messages`, { clientId: 'reply-late', body: 'Found you.' });
    const mail = await eventually(() => smtp.mails.find((m) => m.to.includes('late@example.com')), 'mail after email given');
    expect(mail.raw).toContain('Found you.');
    expect(smtp.mails.filter((m) => m.to.includes('late@example.com'))).toHaveLength(1);
  });

  it("writes the mail's subject in the visitor's language", async () => {
    const { agent, conversationId } = await offlineHandoff(server, 'jonas@example.com', 'de-AT');
    await agent.post(`/v1/inbox/conversations/${conversationId}/messages`, { clientId: 'reply-de', body: 'Ihre Erstattung ist unterwegs.' });
    const mail = await eventually(() => smtp.mails.find((m) => m.to.includes('jonas@example.com')), 'mail');
    expect(mail.subject).toBe('Re: Ihr Gespräch mit Nightshift');
  });

  it('does not email replies in a live chat', async () => {
    const { accountId, site } = createAccount(server, 'Dayshift');
    const row = await createAgent(server, { email: 'day@example.com', accountId });
    const agent = await loginAs(server, row.email);
    await agent.request('PUT', '/v1/inbox/presence', { presence: 'online' });
    const { conversationId } = await handedOff(server, site.publicKey, { email: 'live@example.com' });
    await eventually(() => conversationRow(server, conversationId).assigneeId, 'assignment');
    await agent.post(`/v1/inbox/conversations/${conversationId}/messages`, { clientId: 'reply-live', body: 'Hi there' });
    const before = smtp.mails.length;
    await offlineHandoff(server, 'marker@example.com').then(({ agent: a, conversationId: id }) =>
      a.post(`/v1/inbox/conversations/${id}/messages`, { clientId: 'reply-marker', body: 'marker' }),
    );
    await eventually(() => smtp.mails.some((m) => m.to.includes('marker@example.com')), 'marker mail');
    expect(smtp.mails.slice(before).some((m) => m.to.includes('live@example.com'))).toBe(false);
    expect(smtp.mails.some((m) => m.to.includes('live@example.com'))).toBe(false);
  });
});

describe('offline email follow-up without SMTP_URL', () => {
  it('writes the mail to the outbox folder', async () => {
    const outbox = mkdtempSync(join(tmpdir(), 'parley-outbox-'));
    const server = await startTestServer({ PARLEY_ROUTING_SWEEP_SECONDS: '0.1', PARLEY_OUTBOX_DIR: outbox });
    const quiet = console.log;
    console.log = () => {};
    try {
      const { agent, conversationId } = await offlineHandoff(server, 'outbox@example.com');
      await agent.post(`/v1/inbox/conversations/${conversationId}/messages`, { clientId: 'reply-outbox', body: 'Written, not sent.' });
      const file = await eventually(() => readdirSync(outbox).find((f) => f.endsWith('.eml')), 'eml file');
      const raw = readFileSync(join(outbox, file), 'utf8');
      expect(raw).toMatch(/^To: outbox@example\.com/m);
      expect(raw).toContain('Written, not sent.');
    } finally {
      console.log = quiet;
      await server.stop();
      rmSync(outbox, { recursive: true, force: true });
    }
  });
});
