// Longer than 300 lines: both ways in (the SMTP listener and the webhook) and the bot's side of
// an emailed reply share one server and one outgoing mail server.
import { and, eq } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DurableEvent, InboundEmailResult, Message, MessagePage, VisitorStreamEvent } from '@parley/protocol';
import { loadConfig } from '../src/config/config';
import { postVisitorMessage } from '../src/conversations/commands';
import { changeConversation } from '../src/conversations/change';
import { conversations, messages, visitors } from '../src/db/tables';
import { replyAddress } from '../src/email/reply-address';
import { startServer } from '../src/server';
import { demoSite } from './helpers/agents';
import { expectError } from './helpers/errors';
import { conversationRow, eventually, offlineHandoff } from './helpers/handoff';
import { openStream } from './helpers/sse-client';
import { startSmtpServer } from './helpers/smtp';
import { testDatabase } from './helpers/test-db';
import { startTestServer, type TestServer } from './helpers/test-server';
import { VisitorClient } from './helpers/visitor-client';

const SECRET = 'webhook-secret-0123456789';
const MAX_BYTES = 64 * 1024;
const QUOTE = '\n\nOn Sat, Nov 21, 2026 at 10:00 AM Nightshift <support@acme.example> wrote:\n> Your refund is on its way.\n';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let server: TestServer;
let sender: nodemailer.Transporter;
beforeAll(async () => {
  smtp = await startSmtpServer();
  server = await startTestServer({
    PARLEY_ROUTING_SWEEP_SECONDS: '0.1',
    SMTP_URL: smtp.url,
    PUBLIC_URL: 'http://127.0.0.1:1',
    PARLEY_MAIL_FROM: 'Acme Support <support@acme.example>',
    PARLEY_INBOUND_DOMAIN: 'reply.acme.example',
    PARLEY_INBOUND_SMTP_PORT: '0',
    PARLEY_INBOUND_WEBHOOK_SECRET: SECRET,
    PARLEY_INBOUND_MAX_BYTES: String(MAX_BYTES),
  });
  // The visitor's mail provider delivering to our listener: plain SMTP, as between MTAs.
  sender = nodemailer.createTransport({ host: '127.0.0.1', port: server.services.inboundSmtp!.port!, secure: false, ignoreTLS: true });
});
afterAll(async () => {
  sender.close();
  await server.stop();
  await smtp.close();
});

/** An offline conversation whose visitor got an agent's reply by mail: its Reply-To is the way back. */
async function mailedConversation(email: string) {
  const handoff = await offlineHandoff(server, email);
  const sent = await handoff.agent.post(`/v1/inbox/conversations/${handoff.conversationId}/messages`, {
    clientId: `reply-${handoff.conversationId}`,
    body: 'Your refund is on its way.',
  });
  expect(sent.status).toBe(201);
  const mail = await eventually(() => smtp.mails.find((m) => m.to.includes(email)), 'follow-up mail');
  return { ...handoff, replyTo: replyToOf(mail.raw) };
}

function replyToOf(raw: string): string {
  const replyTo = /^Reply-To: (\S+)\r?$/m.exec(raw)?.[1];
  if (!replyTo) throw new Error('the mail has no Reply-To');
  return replyTo;
}

async function visitorMessages(visitor: VisitorClient, conversationId: string): Promise<Message[]> {
  const res = await visitor.request<MessagePage>('GET', `/v1/widget/conversations/${conversationId}/messages?limit=200`);
  return res.body.messages.filter((m) => m.author.type === 'visitor');
}

const raw = (mail: Mail.Options) => new MailComposer({ from: 'ada@example.com', subject: 'Re: your conversation', ...mail }).compile().build();

function webhook(body: Buffer | string, opts: { recipient?: string; secret?: string | null; contentType?: string; to?: TestServer } = {}) {
  const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'message/rfc822' };
  if (opts.secret !== null) headers['x-parley-inbound-secret'] = opts.secret ?? SECRET;
  const query = opts.recipient ? `?recipient=${encodeURIComponent(opts.recipient)}` : '';
  return fetch(`${(opts.to ?? server).url}/v1/inbound/email${query}`, { method: 'POST', headers, body });
}

/** The shared error check, for a fetch Response whose body is still unread. */
const expectResponseError = async (res: Response, status: number, code: string) => expectError({ status: res.status, body: await res.json() }, status, code);

/** The same reply address with one character of its MAC changed. */
const altered = (address: string) => address.replace(/\.([0-9a-f])/, (_, c: string) => `.${c === '0' ? '1' : '0'}`);

describe('replies by email over the SMTP listener', () => {
  it("puts the conversation's reply address in a follow-up's Reply-To, and the reply lands in it, live, without the quoted mail", async () => {
    const { agent, visitor, conversationId, replyTo } = await mailedConversation('ada@example.com');
    expect(replyTo).toMatch(new RegExp(`^reply\\+${conversationId}\\.[0-9a-f]{20}@reply\\.acme\\.example$`));
    const events: VisitorStreamEvent[] = [];
    const stream = openStream(`${server.url}/v1/inbox/stream`, { headers: { cookie: agent.cookie! }, onEvent: (e) => events.push(e) });
    await stream.ready;
    try {
      await sender.sendMail({
        from: 'ada@example.com',
        to: replyTo,
        subject: 'Re: your conversation',
        text: `Thanks, that works!${QUOTE}`,
        messageId: '<r1@mail.example>',
      });
      const live = await eventually(
        () =>
          events.find(
            (e): e is Extract<DurableEvent, { type: 'message.created' }> =>
              e.type === 'message.created' && e.message.author.type === 'visitor' && e.message.body === 'Thanks, that works!',
          ),
        'the reply on the inbox stream',
      );
      expect(live.conversationId).toBe(conversationId);
    } finally {
      stream.close();
    }
    expect((await visitorMessages(visitor, conversationId)).map((m) => m.body)).toEqual(['I need a person please', 'Thanks, that works!']);
  });

  it('marks the reply as emailed, and counts the attachments it dropped without a word of them in the text', async () => {
    const { visitor, conversationId, replyTo } = await mailedConversation('attach@example.com');
    await sender.sendMail({
      from: 'attach@example.com',
      to: replyTo,
      subject: 'Re: hi',
      text: 'Here are the receipts.',
      attachments: [
        { filename: 'receipt.pdf', content: Buffer.from('%PDF-1.4 not really') },
        { filename: 'photo.png', content: Buffer.from([0x89, 0x50, 0x4e, 0x47]) },
      ],
    });
    await sender.sendMail({ from: 'attach@example.com', to: replyTo, subject: 'Re: hi', text: 'And nothing attached.' });
    const [, withFiles, plain] = await visitorMessages(visitor, conversationId);
    expect(withFiles).toMatchObject({ body: 'Here are the receipts.', meta: { channel: 'email', droppedAttachments: 2 } });
    expect(plain).toMatchObject({ body: 'And nothing attached.', meta: { channel: 'email' } });
    expect(plain!.meta.droppedAttachments).toBeUndefined();
  });

  it('stores a mail delivered twice with the same Message-ID once', async () => {
    const { visitor, conversationId, replyTo } = await mailedConversation('twice@example.com');
    const mail = { from: 'twice@example.com', to: replyTo, subject: 'Re: hi', text: 'Once only, please.', messageId: '<twice@mail.example>' };
    await sender.sendMail(mail);
    await sender.sendMail(mail);
    const again = await webhook(await raw(mail), { recipient: replyTo });
    expect(again.status).toBe(200);
    expect(((await again.json()) as InboundEmailResult).outcome).toBe('duplicate');
    expect((await visitorMessages(visitor, conversationId)).filter((m) => m.body === 'Once only, please.')).toHaveLength(1);
  });

  it('refuses a forged or altered reply address at RCPT and writes nothing', async () => {
    const { visitor, conversationId, replyTo } = await mailedConversation('forged@example.com');
    for (const to of [altered(replyTo), `reply+${conversationId}@reply.acme.example`, 'support@reply.acme.example']) {
      await expect(sender.sendMail({ from: 'mallory@example.com', to, text: 'Injected' })).rejects.toMatchObject({ responseCode: 550 });
    }
    expect((await visitorMessages(visitor, conversationId)).some((m) => m.body === 'Injected')).toBe(false);
  });

  it("cannot turn one site's reply address into another conversation's", async () => {
    const first = await mailedConversation('first-site@example.com');
    const second = await mailedConversation('second-site@example.com');
    expect((await conversationRow(server, first.conversationId)).siteId).not.toBe((await conversationRow(server, second.conversationId)).siteId);
    const swapped = first.replyTo.replace(first.conversationId, second.conversationId);
    await expect(sender.sendMail({ from: 'mallory@example.com', to: swapped, text: 'Crossed over' })).rejects.toMatchObject({ responseCode: 550 });
    await expectResponseError(await webhook(await raw({ to: swapped, text: 'Crossed over' }), { recipient: swapped }), 404, 'not_found');
    expect((await visitorMessages(second.visitor, second.conversationId)).some((m) => m.body === 'Crossed over')).toBe(false);
  });

  it('refuses a mail over the size limit', async () => {
    const { visitor, conversationId, replyTo } = await mailedConversation('big@example.com');
    await expect(sender.sendMail({ from: 'big@example.com', to: replyTo, text: `Big one\n${'x'.repeat(MAX_BYTES)}` })).rejects.toMatchObject({
      responseCode: 552,
    });
    expect((await visitorMessages(visitor, conversationId)).some((m) => m.body.startsWith('Big one'))).toBe(false);
  });

  it('takes a reply to a few addresses but refuses the rest of a long recipient list', async () => {
    const conversations = [];
    for (let i = 0; i < 6; i++) conversations.push(await mailedConversation(`many${i}@example.com`));
    const info = await sender.sendMail({ from: 'many0@example.com', to: conversations.map((c) => c.replyTo), text: 'To all of you' });
    expect(info.accepted).toHaveLength(5);
    expect(info.rejected).toEqual([conversations[5]!.replyTo]);
    const got = await Promise.all(conversations.map(async (c) => (await visitorMessages(c.visitor, c.conversationId)).some((m) => m.body === 'To all of you')));
    expect(got).toEqual([true, true, true, true, true, false]);
  });

  it('takes a few mails a minute per conversation, then asks the sender to retry later', async () => {
    const { visitor, conversationId, replyTo } = await mailedConversation('chatty@example.com');
    for (let i = 0; i < 6; i++) await sender.sendMail({ from: 'chatty@example.com', to: replyTo, text: `Note ${i}` });
    await expect(sender.sendMail({ from: 'chatty@example.com', to: replyTo, text: 'Note 6' })).rejects.toMatchObject({ responseCode: 451 });
    await expectResponseError(await webhook(await raw({ to: replyTo, text: 'Note 7' }), { recipient: replyTo }), 429, 'rate_limited');
    const notes = (await visitorMessages(visitor, conversationId)).filter((m) => m.body.startsWith('Note '));
    expect(notes.map((m) => m.body)).toEqual(['Note 0', 'Note 1', 'Note 2', 'Note 3', 'Note 4', 'Note 5']);
  });

  it('refuses to start when the SMTP port is taken', async () => {
    const testDb = await testDatabase();
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      ...testDb.env,
      PARLEY_BOT: 'off',
      NODE_ENV: 'test',
      PARLEY_INBOUND_DOMAIN: 'reply.acme.example',
      PARLEY_INBOUND_SMTP_PORT: String(server.services.inboundSmtp!.port!),
    });
    try {
      await expect(startServer(config)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    } finally {
      await testDb.drop();
    }
  });

  it('takes the text of an HTML-only mail, without its quoted part', async () => {
    const { visitor, conversationId, replyTo } = await mailedConversation('html@example.com');
    const html =
      '<div>Thanks, <b>that works</b>!</div><div><br></div><div class="gmail_quote">On Sat, Nov 21, 2026 Nightshift wrote:<blockquote>Your refund is on its way.</blockquote></div>';
    await sender.sendMail({ from: 'html@example.com', to: replyTo, subject: 'Re: hi', html });
    expect((await visitorMessages(visitor, conversationId)).at(-1)?.body).toBe('Thanks, that works!');
  });

  it('reopens a resolved conversation for the agent who had it, from a reply to its transcript too', async () => {
    const { agent, visitor, conversationId, replyTo } = await mailedConversation('reopen@example.com');
    expect((await agent.patch(`/v1/inbox/conversations/${conversationId}`, { status: 'resolved' })).status).toBe(200);
    expect((await visitor.request('POST', `/v1/widget/conversations/${conversationId}/transcript`, {})).status).toBe(200);
    const transcript = await eventually(() => smtp.mails.filter((m) => m.to.includes('reopen@example.com'))[1], 'transcript mail');
    expect(replyToOf(transcript.raw)).toBe(replyTo);
    await sender.sendMail({ from: 'reopen@example.com', to: replyTo, subject: 'Re: hi', text: `Actually, one more thing.${QUOTE}` });
    const row = await conversationRow(server, conversationId);
    expect(row).toMatchObject({ status: 'open', assigneeId: agent.me.id, resolvedAt: null });
    expect((await visitorMessages(visitor, conversationId)).at(-1)?.body).toBe('Actually, one more thing.');
  });
});

describe('replies by email through the webhook', () => {
  it('stores the reply and says so', async () => {
    const { visitor, conversationId, replyTo } = await mailedConversation('hook@example.com');
    const res = await webhook(await raw({ to: replyTo, text: `Got it, thank you.${QUOTE}`, messageId: '<hook@mail.example>' }), { recipient: replyTo });
    expect(res.status).toBe(201);
    const result = (await res.json()) as InboundEmailResult;
    expect(result).toMatchObject({ outcome: 'stored', conversationId });
    const stored = (await visitorMessages(visitor, conversationId)).at(-1);
    expect(stored).toMatchObject({ id: result.messageId, body: 'Got it, thank you.' });
  });

  it('opens a new ticket, linked to it, for a reply to a closed ticket', async () => {
    const { agent, conversationId, replyTo } = await mailedConversation('closed@example.com');
    expect((await agent.patch(`/v1/inbox/conversations/${conversationId}`, { kind: 'ticket', subject: 'Refund' })).status).toBe(200);
    expect((await agent.patch(`/v1/inbox/conversations/${conversationId}`, { status: 'closed' })).status).toBe(200);
    const res = await webhook(await raw({ to: replyTo, text: `It never came.${QUOTE}`, messageId: '<closed@mail.example>' }), { recipient: replyTo });
    expect(res.status).toBe(201);
    const result = (await res.json()) as InboundEmailResult;
    expect(result.conversationId).not.toBe(conversationId);
    expect(await conversationRow(server, result.conversationId!)).toMatchObject({ kind: 'ticket', subject: 'Refund', followsUpId: conversationId, status: 'queued' });
    expect((await conversationRow(server, conversationId)).status).toBe('closed');
    const again = await webhook(await raw({ to: replyTo, text: `It never came.${QUOTE}`, messageId: '<closed@mail.example>' }), { recipient: replyTo });
    expect(await again.json()).toMatchObject({ outcome: 'duplicate', conversationId: result.conversationId, messageId: result.messageId });
  });

  it('takes the recipient from the X-Parley-Recipient header too', async () => {
    const { visitor, conversationId, replyTo } = await mailedConversation('header@example.com');
    const res = await fetch(`${server.url}/v1/inbound/email`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822', 'x-parley-inbound-secret': SECRET, 'x-parley-recipient': replyTo },
      body: await raw({ to: replyTo, text: 'Via a header.' }),
    });
    expect(res.status).toBe(201);
    expect((await visitorMessages(visitor, conversationId)).at(-1)?.body).toBe('Via a header.');
  });

  it('writes nothing for a reply that is only the quoted mail', async () => {
    const { visitor, conversationId, replyTo } = await mailedConversation('empty@example.com');
    const res = await webhook(await raw({ to: replyTo, text: QUOTE }), { recipient: replyTo });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ outcome: 'empty', conversationId, messageId: null });
    expect(await visitorMessages(visitor, conversationId)).toHaveLength(1);
  });

  it('refuses a missing or wrong secret, a bad token, a body that is no mail, a wrong type and an oversized body', async () => {
    const { visitor, conversationId, replyTo } = await mailedConversation('bad-hook@example.com');
    const mail = await raw({ to: replyTo, text: 'Should never land.' });
    await expectResponseError(await webhook(mail, { recipient: replyTo, secret: null }), 401, 'unauthorized');
    await expectResponseError(await webhook(mail, { recipient: replyTo, secret: `${SECRET}x` }), 401, 'unauthorized');
    await expectResponseError(await webhook(mail, { recipient: altered(replyTo) }), 404, 'not_found');
    await expectResponseError(await webhook(mail, {}), 400, 'invalid_request');
    await expectResponseError(await webhook(mail, { recipient: replyTo, contentType: 'application/json' }), 400, 'invalid_request');
    await expectResponseError(await webhook('this is not an email at all', { recipient: replyTo }), 400, 'invalid_request');
    await expectResponseError(await webhook(Buffer.alloc(MAX_BYTES + 1, 'x'), { recipient: replyTo }), 413, 'payload_too_large');
    expect(await visitorMessages(visitor, conversationId)).toHaveLength(1);
  });
});

describe('an emailed reply to a conversation no person had', () => {
  let withBot: TestServer;
  beforeAll(async () => {
    withBot = await startTestServer({ PARLEY_BOT: 'on', PARLEY_INBOUND_DOMAIN: 'reply.acme.example', PARLEY_INBOUND_WEBHOOK_SECRET: SECRET });
  });
  afterAll(() => withBot.stop());

  it('goes to the agents with a briefing, never to the bot, whose answer the visitor would not see', async () => {
    const visitor = await VisitorClient.create(withBot.url, 'pk_demo', { email: 'bot-only@example.com' });
    const { id } = await visitor.conversation('conv-email-bot-0001');
    expect((await visitor.send(id, 'msg-email-bot-0001', 'do you ship abroad?')).status).toBe(201);
    await withBot.bot!.idle();
    const authors = async () =>
      (await visitor.request<MessagePage>('GET', `/v1/widget/conversations/${id}/messages?limit=200`)).body.messages.map((m) => m.author.type);
    // The bot is on: it replied to the widget message.
    expect(await authors()).toEqual(['visitor', 'bot']);
    // Ended without a person: a widget message would reopen it for the bot.
    await changeConversation(withBot.deps, id, { status: 'resolved' }, { type: 'agent', agentId: null });

    const to = replyAddress(withBot.deps.config, (await demoSite(withBot)).secret, id)!;
    const res = await webhook(await raw({ from: 'bot-only@example.com', to, text: `One more question about customs.${QUOTE}` }), {
      recipient: to,
      to: withBot,
    });
    expect(res.status).toBe(201);
    await withBot.bot!.idle();

    expect(['queued', 'open']).toContain((await conversationRow(withBot, id)).status);
    const after = await authors();
    expect(after.slice(0, 3)).toEqual(['visitor', 'bot', 'visitor']);
    expect(after.slice(3)).not.toContain('bot');
    const [note] = await withBot.deps.db
      .select({ body: messages.body })
      .from(messages)
      .where(and(eq(messages.conversationId, id), eq(messages.internal, true)));
    expect(note?.body).toContain('wrote by email');
  });

  it('hands an emailed message to the agents even if the server stopped before inbound did', async () => {
    const visitor = await VisitorClient.create(withBot.url, 'pk_demo');
    const { id } = await visitor.conversation('conv-email-crash-0001');
    // As if the process died between storing the mail's message and handing it off.
    await postVisitorMessage(withBot.deps, await conversationRow(withBot, id), 'email-crash-0001', 'do you ship abroad?', { channel: 'email' });
    await withBot.bot!.idle();
    expect((await conversationRow(withBot, id)).status).not.toBe('bot');
    const authors = (await visitor.request<MessagePage>('GET', `/v1/widget/conversations/${id}/messages?limit=200`)).body.messages.map((m) => m.author.type);
    expect(authors).not.toContain('bot');
  });

  it("has the agents' answers mailed from then on, to the sender when the visitor had no address", async () => {
    const emailOf = async (conversationId: string) =>
      (
        await withBot.deps.db
          .select({ email: visitors.email })
          .from(visitors)
          .innerJoin(conversations, eq(conversations.visitorId, visitors.id))
          .where(eq(conversations.id, conversationId))
      )[0]!.email;
    const replyByEmail = async (known: Record<string, string>, from: string, n: number) => {
      const visitor = await VisitorClient.create(withBot.url, 'pk_demo', known);
      const { id } = await visitor.conversation(`conv-email-follow-${n}`);
      expect((await visitor.send(id, `msg-email-follow-${n}`, 'do you ship abroad?')).status).toBe(201);
      await withBot.bot!.idle();
      await changeConversation(withBot.deps, id, { status: 'resolved' }, { type: 'agent', agentId: null });
      expect((await conversationRow(withBot, id)).emailFollowUp).toBe(false);
      const to = replyAddress(withBot.deps.config, (await demoSite(withBot)).secret, id)!;
      expect((await webhook(await raw({ from, to, text: 'And customs?' }), { recipient: to, to: withBot })).status).toBe(201);
      expect((await conversationRow(withBot, id)).emailFollowUp).toBe(true);
      return id;
    };
    expect(await emailOf(await replyByEmail({}, 'first-time@example.com', 1))).toBe('first-time@example.com');
    // A From header is anyone's to write: it never replaces an address the visitor gave.
    expect(await emailOf(await replyByEmail({ email: 'kept@example.com' }, 'someone-else@example.com', 2))).toBe('kept@example.com');
  });
});
