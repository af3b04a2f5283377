import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorBody, TranscriptResult, VisitorProfile } from '@parley/protocol';
import { postServerMessage } from '../src/conversations/commands';
import { changeConversation } from '../src/conversations/change';
import { expectError } from './helpers/errors';
import { eventually } from './helpers/handoff';
import { startSmtpServer } from './helpers/smtp';
import { startTestServer, type TestServer } from './helpers/test-server';
import { VisitorClient } from './helpers/visitor-client';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let server: TestServer;
const system = { type: 'system', agentId: null } as const;
let n = 0;

beforeAll(async () => {
  smtp = await startSmtpServer();
  server = await startTestServer({ SMTP_URL: smtp.url, PARLEY_MAIL_FROM: 'Acme Support <support@acme.example>' });
});
afterAll(async () => {
  await server.stop();
  await smtp.close();
});

/** A visitor's conversation with the bot and an agent (and a private note), ended by the agent. */
async function endedConversation(visitorFields: Record<string, unknown> = {}, visitorText = 'Where is my order?') {
  const visitor = await VisitorClient.create(server.url, 'pk_demo', visitorFields);
  const { id } = await visitor.conversation(`conv-transcript-${++n}`);
  await visitor.send(id, `msg-transcript-${n}`, visitorText);
  await postServerMessage(server.deps, { conversationId: id, authorType: 'bot', body: 'You can track it from your account.' });
  await postServerMessage(server.deps, { conversationId: id, authorType: 'agent', body: 'PRIVATE: refund already approved', internal: true });
  await postServerMessage(server.deps, { conversationId: id, authorType: 'agent', body: 'It ships tomorrow.\nAnything else?' });
  await changeConversation(server.deps, id, { status: 'resolved' }, system);
  return { visitor, id, path: `/v1/widget/conversations/${id}/transcript` };
}

const mailTo = (address: string) => eventually(() => smtp.mails.find((m) => m.to.includes(address)), `mail to ${address}`);

describe('POST /v1/widget/conversations/:id/transcript', () => {
  it('mails the visible transcript, as text and HTML, to the email the visitor gave, never a private note', async () => {
    const { visitor, path } = await endedConversation({ email: 'ada@example.com' });
    const res = await visitor.request<TranscriptResult>('POST', path, {});
    expect(res).toEqual({ status: 200, body: { email: 'ada@example.com' } });
    const mail = await mailTo('ada@example.com');
    expect(mail.from).toBe('support@acme.example');
    expect(mail.subject).toBe('Your conversation with Demo site');
    const text = mail.text;
    expect(text).toMatch(/ UTC {2}You\r?\nWhere is my order\?/);
    expect(text).toMatch(/ UTC {2}Assistant\r?\nYou can track it from your account\./);
    expect(text).toMatch(/ UTC {2}Agent\r?\nIt ships tomorrow\.\r?\nAnything else\?/);
    expect(mail.html).toContain('<b>Agent</b>');
    expect(mail.html).toContain('It ships tomorrow.<br>Anything else?');
    for (const part of [mail.text, mail.html]) expect(part).not.toContain('PRIVATE');
  });

  it('escapes message text in the HTML part, so a <script> in a message arrives as text', async () => {
    const { visitor, path } = await endedConversation({ email: 'mallory@example.com' }, 'Hi <script>alert("x")</script> & <b>bold</b>');
    expect((await visitor.request('POST', path, {})).status).toBe(200);
    const html = (await mailTo('mallory@example.com')).html;
    expect(html).toContain('Hi &#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#60;b&#62;bold&#60;/b&#62;');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b>bold');
    expect((await mailTo('mallory@example.com')).text).toContain('Hi <script>alert("x")</script> & <b>bold</b>');
  });

  it("writes the transcript in the visitor's language, with dates formatted for it", async () => {
    const { visitor, path } = await endedConversation({ email: 'sofia@example.com', locale: 'es-MX' }, '¿Dónde está mi pedido?');
    expect((await visitor.request('POST', path, {})).status).toBe(200);
    const mail = await mailTo('sofia@example.com');
    expect(mail.subject).toBe('Tu conversación con Demo site');
    const text = mail.text;
    expect(text.startsWith('Tu conversación con Demo site')).toBe(true);
    // "21 nov 2026, 9:05 UTC": Spanish month abbreviation, day first, 24-hour clock.
    expect(text).toMatch(/\d{1,2} [a-z]{3,4}\.? \d{4}, \d{1,2}:\d{2} UTC {2}Tú\r?\n¿Dónde está mi pedido\?/);
    expect(text).toMatch(/ UTC {2}Asistente\r?\nYou can track it from your account\./);
    expect(text).toMatch(/ UTC {2}Agente\r?\nIt ships tomorrow\./);
    const html = mail.html;
    expect(html).toContain('<html lang="es" dir="ltr">');
    expect(html).toContain('<b>Tú</b>');
  });

  it('writes an Arabic transcript right to left, still escaped, and falls back to English for a language it lacks', async () => {
    const arabic = await endedConversation({ email: 'layla@example.com', locale: 'ar' }, 'مرحبا <b>');
    expect((await arabic.visitor.request('POST', arabic.path, {})).status).toBe(200);
    const mail = await mailTo('layla@example.com');
    expect(mail.subject).toBe('محادثتك مع \u2068Demo site\u2069');
    const html = mail.html;
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('<div dir="rtl">');
    expect(html).toContain('<b>أنت</b>');
    expect(html).toContain('مرحبا &#60;b&#62;');
    expect(mail.text).toMatch(/ UTC {2}المساعد\r?\n/);

    const japanese = await endedConversation({ email: 'kenji@example.com', locale: 'ja' });
    expect((await japanese.visitor.request('POST', japanese.path, {})).status).toBe(200);
    const fallback = await mailTo('kenji@example.com');
    expect(fallback.subject).toBe('Your conversation with Demo site');
    expect(fallback.text).toMatch(/[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M UTC {2}You\r?\n/);
  });

  it('sends to the address the visitor types instead, and refuses a bad one or none at all', async () => {
    const { visitor, path } = await endedConversation();
    expectError(await visitor.request('POST', path, {}), 400, 'invalid_request');
    const bad = await visitor.request<ErrorBody>('POST', path, { email: 'not-an-email' });
    expectError(bad, 400, 'invalid_request');
    expect(bad.body.error.message).toBe('email: must be an email address');
    expectError(await visitor.request('POST', path, { email: 'a@b.c'.repeat(60) }), 400, 'invalid_request');
    expect(await visitor.request('POST', path, { email: 'typed@example.com' })).toEqual({ status: 200, body: { email: 'typed@example.com' } });
    expect((await mailTo('typed@example.com')).text).toContain('Where is my order?');
  });

  it("answers 404 for another visitor's conversation and 409 before the conversation has ended", async () => {
    const { path } = await endedConversation({ email: 'owner-of-it@example.com' });
    const stranger = await VisitorClient.create(server.url);
    expectError(await stranger.request('POST', path, { email: 'stranger@example.com' }), 404, 'not_found');
    expectError(await stranger.request('POST', '/v1/widget/conversations/c_nope/transcript', {}), 404, 'not_found');
    const ongoing = await stranger.conversation('conv-transcript-ongoing');
    expectError(await stranger.request('POST', `/v1/widget/conversations/${ongoing.id}/transcript`, { email: 'stranger@example.com' }), 409, 'conflict');
    expectError(await new VisitorClient(server.url).request('POST', path, {}), 401, 'unauthorized');
    expect(smtp.mails.some((m) => m.to.includes('stranger@example.com'))).toBe(false);
  });

  it('sends a conversation at most three times, whatever the addresses, while other conversations still can', async () => {
    const { visitor, path } = await endedConversation();
    for (const i of [1, 2, 3]) expect((await visitor.request('POST', path, { email: `spam${i}@example.com` })).status).toBe(200);
    const refused = await visitor.request('POST', path, { email: 'spam4@example.com' });
    expectError(refused, 429, 'rate_limited');
    const other = await endedConversation({ email: 'other@example.com' });
    expect((await other.visitor.request('POST', other.path, {})).status).toBe(200);
    await mailTo('other@example.com');
    expect(
      smtp.mails
        .filter((m) => /^spam\d@example\.com$/.test(m.to[0] ?? ''))
        .map((m) => m.to[0])
        .sort(),
    ).toEqual(['spam1@example.com', 'spam2@example.com', 'spam3@example.com']);
  });
});

describe('GET /v1/widget/visitor', () => {
  it("answers the visitor's own profile, which the widget prefills the transcript's email from", async () => {
    const visitor = await VisitorClient.create(server.url, 'pk_demo', { email: 'known@example.com', name: 'Ada' });
    const res = await visitor.request<VisitorProfile>('GET', '/v1/widget/visitor');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'Ada', email: 'known@example.com' });
    expectError(await new VisitorClient(server.url).request('GET', '/v1/widget/visitor'), 401, 'unauthorized');
  });
});

describe('a transcript the mail server refuses', () => {
  it('answers 502 and says so, rather than confirming a mail that never left', async () => {
    const closed = await startTestServer({ SMTP_URL: 'smtp://127.0.0.1:1' });
    const quiet = console.error;
    console.error = () => {};
    try {
      const visitor = await VisitorClient.create(closed.url);
      const { id } = await visitor.conversation('conv-transcript-refused');
      await changeConversation(closed.deps, id, { status: 'resolved' }, system);
      const res = await visitor.request<ErrorBody>('POST', `/v1/widget/conversations/${id}/transcript`, { email: 'ada@example.com' });
      expect(res.status).toBe(502);
      expect(res.body.error.message).toMatch(/mail server/);
    } finally {
      console.error = quiet;
      await closed.stop();
    }
  });
});
