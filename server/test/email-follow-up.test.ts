import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationDetail, EmailDelivery, InboxMessage } from '@parley/protocol';
import { emailLog, events } from '../src/db/tables';
import { createAccount, createAgent, loginAs } from './helpers/agents';
import { conversationRow, eventually, handedOff, offlineHandoff } from './helpers/handoff';
import { InboxClient } from './helpers/inbox-client';
import { sleep } from './helpers/random';
import { startSmtpServer, type TestSmtpServer } from './helpers/smtp';
import { spawnServer, type SpawnedServer } from './helpers/spawn-server';
import { testDatabase, type TestDatabase } from './helpers/test-db';
import { startTestServer, type TestServer } from './helpers/test-server';
import { VisitorClient } from './helpers/visitor-client';

/** The delivery the agent sees on their reply, as the conversation's detail answers it. */
async function deliveryOf(agent: InboxClient, conversationId: string, messageId: number): Promise<EmailDelivery | null> {
  const detail = await agent.get<ConversationDetail>(`/v1/inbox/conversations/${conversationId}`);
  return detail.body.messages.find((m) => m.id === messageId)?.emailDelivery ?? null;
}

describe('offline email follow-up over SMTP', () => {
  let smtp: TestSmtpServer;
  let server: TestServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    server = await startTestServer({
      PARLEY_ROUTING_SWEEP_SECONDS: '0.1',
      SMTP_URL: smtp.url,
      PUBLIC_URL: 'http://127.0.0.1:1',
      PARLEY_MAIL_FROM: 'Acme Support <support@acme.example>',
      PARLEY_MAIL_RETRY_SECONDS: '0.05',
      PARLEY_MAIL_MAX_ATTEMPTS: '3',
      PARLEY_MAIL_TIMEOUT_SECONDS: '3',
    });
  });
  afterEach(() => smtp.answerWith('accept'));
  afterAll(async () => {
    await server.stop();
    await smtp.close();
  });
  const mailsTo = (email: string) => smtp.mails.filter((m) => m.to.includes(email));

  it("emails an agent's reply to a visitor who was told to expect email, and never a private note", async () => {
    const { agent, conversationId } = await offlineHandoff(server, 'ada@example.com');
    await agent.post(`/v1/inbox/conversations/${conversationId}/messages`, {
      clientId: 'note-mail-1',
      body: 'PRIVATE: check the refund policy',
      internal: true,
    });
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
    const { accountId, site } = await createAccount(server, 'Dayshift');
    const row = await createAgent(server, { email: 'day@example.com', accountId });
    const agent = await loginAs(server, row.email);
    await agent.request('PUT', '/v1/inbox/presence', { presence: 'online' });
    const { conversationId } = await handedOff(server, site.publicKey, { email: 'live@example.com' });
    await eventually(async () => (await conversationRow(server, conversationId)).assigneeId, 'assignment');
    await agent.post(`/v1/inbox/conversations/${conversationId}/messages`, { clientId: 'reply-live', body: 'Hi there' });
    const before = smtp.mails.length;
    await offlineHandoff(server, 'marker@example.com').then(({ agent: a, conversationId: id }) =>
      a.post(`/v1/inbox/conversations/${id}/messages`, { clientId: 'reply-marker', body: 'marker' }),
    );
    await eventually(() => smtp.mails.some((m) => m.to.includes('marker@example.com')), 'marker mail');
    expect(smtp.mails.slice(before).some((m) => m.to.includes('live@example.com'))).toBe(false);
    expect(smtp.mails.some((m) => m.to.includes('live@example.com'))).toBe(false);
  });

  it('tries a mail the mail server refused again until it is taken, once, and shows the agent each state', async () => {
    smtp.answerWith(451, 2);
    const tries = smtp.tries;
    const { agent, conversationId } = await offlineHandoff(server, 'retry@example.com');
    const reply = await agent.post<InboxMessage>(`/v1/inbox/conversations/${conversationId}/messages`, {
      clientId: 'reply-retry-1',
      body: 'Your refund is on its way.',
    });
    // The outbox may have tried once already by the time the reply is read back (on
    // PostgreSQL its timer runs beside the request, not after it).
    expect(reply.body.emailDelivery).toMatchObject({ status: expect.stringMatching(/^(sending|retrying)$/), to: 'retry@example.com' });
    const sent = await eventually(async () => {
      const d = await deliveryOf(agent, conversationId, reply.body.id);
      return d?.status === 'sent' && d;
    }, 'the mail taken on the third try');
    expect(sent).toMatchObject({ attempts: 3, error: null });
    await sleep(300);
    expect(mailsTo('retry@example.com')).toHaveLength(1);
    expect(smtp.tries - tries).toBe(3);
    // Each outcome went to the agents' stream (never the visitor's), as the detail shows it.
    const logged = (await server.deps.db.select().from(events).where(eq(events.conversationId, conversationId)).orderBy(asc(events.id))).filter(
      (e) => e.type === 'message.delivery',
    );
    expect(logged.every((e) => e.audience === 'agents')).toBe(true);
    const states = logged.map((e) => (e.payload as { delivery: EmailDelivery }).delivery);
    expect(states.map((d) => d.status)).toEqual(['retrying', 'retrying', 'sent']);
    expect(states[0]).toMatchObject({ attempts: 1, error: expect.stringMatching(/451/), nextAttemptAt: expect.any(String) });
  });

  it('counts a try the mail server never answers as failed after PARLEY_MAIL_TIMEOUT_SECONDS, and tries again', async () => {
    smtp.answerWith('hold', 1);
    const { agent, conversationId } = await offlineHandoff(server, 'silent@example.com');
    const reply = await agent.post<InboxMessage>(`/v1/inbox/conversations/${conversationId}/messages`, { clientId: 'reply-silent-1', body: 'Hello?' });
    const sent = await eventually(
      async () => {
        const d = await deliveryOf(agent, conversationId, reply.body.id);
        return d?.status === 'sent' && d;
      },
      'the mail taken on the second try',
      20_000,
    );
    expect(sent).toMatchObject({ attempts: 2, error: null });
    expect(mailsTo('silent@example.com')).toHaveLength(1);
    const logged = (await server.deps.db.select().from(events).where(eq(events.conversationId, conversationId)).orderBy(asc(events.id))).filter(
      (e) => e.type === 'message.delivery',
    );
    expect((logged[0]!.payload as { delivery: EmailDelivery }).delivery).toMatchObject({ status: 'retrying', error: expect.stringMatching(/no answer/) });
  }, 30_000);

  it('gives up after PARLEY_MAIL_MAX_ATTEMPTS tries, and at once when the mail server refuses for good', async () => {
    smtp.answerWith(451);
    const { agent, conversationId } = await offlineHandoff(server, 'bounce@example.com');
    const busy = await agent.post<InboxMessage>(`/v1/inbox/conversations/${conversationId}/messages`, { clientId: 'reply-busy-1', body: 'First answer' });
    const failed = await eventually(async () => {
      const d = await deliveryOf(agent, conversationId, busy.body.id);
      return d?.status === 'failed' && d;
    }, 'giving up');
    expect(failed).toMatchObject({ attempts: 3, error: expect.stringMatching(/451/), nextAttemptAt: null });

    smtp.answerWith(550);
    const refused = await agent.post<InboxMessage>(`/v1/inbox/conversations/${conversationId}/messages`, {
      clientId: 'reply-refused-1',
      body: 'Second answer',
    });
    const final = await eventually(async () => {
      const d = await deliveryOf(agent, conversationId, refused.body.id);
      return d?.status === 'failed' && d;
    }, 'a permanent refusal');
    expect(final).toMatchObject({ attempts: 1, error: expect.stringMatching(/550/) });
    expect(mailsTo('bounce@example.com')).toEqual([]);
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

/** A visitor handed off while nobody is online, and the owner's reply to them: on the email path, the relay holding its mail. */
async function replyHeldAtRelay(url: string, smtp: TestSmtpServer, key: string): Promise<number> {
  const visitor = await VisitorClient.create(url, 'pk_demo', { email: `${key}@example.com` });
  const conversation = await visitor.conversation(`conv-${key}`);
  await visitor.send(conversation.id, `msg-${key}`, 'I need a person');
  expect((await visitor.request('POST', `/v1/widget/conversations/${conversation.id}/handoff`)).status).toBe(200);
  const owner = await InboxClient.login(url);
  // The relay has the mail but never answers: the try stays under way.
  smtp.answerWith('hold');
  const tries = smtp.tries;
  const reply = await eventually(async () => {
    const r = await owner.post<InboxMessage>(`/v1/inbox/conversations/${conversation.id}/messages`, { clientId: `reply-${key}`, body: 'Answered by mail' });
    return r.body.emailDelivery && r;
  }, 'a reply on the email path');
  await eventually(() => smtp.tries === tries + 1, 'the mail at the relay', 20_000);
  return reply.body.id;
}

describe('the follow-up outbox across a crash', () => {
  let testDb: TestDatabase;
  const servers: SpawnedServer[] = [];
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    testDb = await testDatabase();
  });
  afterAll(async () => {
    for (const s of servers) s.child.kill('SIGKILL');
    await Promise.all(servers.map((s) => s.exited));
    await smtp?.close();
    await testDb?.drop();
  });
  const serverEnv = (timeoutSeconds: number) => ({
    PORT: '0',
    ...testDb.env,
    PARLEY_ADMIN_PASSWORD: 'test-password-123',
    SMTP_URL: smtp.url,
    PARLEY_ROUTING_SWEEP_SECONDS: '0.1',
    PARLEY_MAIL_TIMEOUT_SECONDS: String(timeoutSeconds),
    // A try that times out is not tried again within a test.
    PARLEY_MAIL_RETRY_SECONDS: '600',
  });
  const start = async (env: Record<string, string>) => {
    const server = await spawnServer(env);
    servers.push(server);
    return server;
  };
  const kill = async (server: SpawnedServer) => {
    server.child.kill('SIGKILL');
    await server.exited;
  };
  const mailsTo = (key: string) => smtp.mails.filter((m) => m.to.includes(`${key}@example.com`));

  it('sends a mail that was under way when the server was killed with SIGKILL, after the restart, once', async () => {
    const env = serverEnv(2);
    const first = await start(env);
    const messageId = await replyHeldAtRelay(first.url, smtp, 'mail-crash-1');
    await kill(first);
    const store = await testDb.open();
    const row = async () => (await store.db.select().from(emailLog).where(eq(emailLog.messageId, messageId)).limit(1))[0]!;
    // Claimed by the dead process until its lease ends.
    expect(await row()).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: expect.any(Date) });

    smtp.answerWith('accept');
    await start(env);
    await eventually(async () => (await row()).status === 'sent', 'the mail sent after the restart', 20_000);
    await sleep(300);
    expect(mailsTo('mail-crash-1')).toHaveLength(1);
    expect(await row()).toMatchObject({ status: 'sent', attempts: 2 });
    await store.close();
  }, 30_000);

  it.runIf(process.env.PARLEY_TEST_PG)(
    "leaves another live process's try alone, and takes its mail over when that process dies",
    async () => {
      const env = serverEnv(5);
      const a = await start(env);
      const messageId = await replyHeldAtRelay(a.url, smtp, 'mail-two-processes');
      const triesAtA = smtp.tries;
      // B starts while A's try is under way: it must not send the mail again.
      const b = await start(env);
      await sleep(500);
      expect(smtp.tries).toBe(triesAtA);
      await kill(a);
      smtp.answerWith('accept');
      const store = await testDb.open();
      const row = async () => (await store.db.select().from(emailLog).where(eq(emailLog.messageId, messageId)).limit(1))[0]!;
      await eventually(async () => (await row()).status === 'sent', 'the mail sent by B once the lease of A ended', 30_000);
      await sleep(300);
      expect(mailsTo('mail-two-processes')).toHaveLength(1);
      expect(await row()).toMatchObject({ status: 'sent', attempts: 2 });
      await store.close();
      await kill(b);
    },
    60_000,
  );
});
