import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agents, passwordResets } from '../src/db/tables';
import { AGENT_PASSWORD, createAgent, loginAs } from './helpers/agents';
import { expectError } from './helpers/errors';
import { eventually } from './helpers/handoff';
import { InboxClient } from './helpers/inbox-client';
import { runCli } from './helpers/run-cli';
import { startSmtpServer, type ReceivedMail } from './helpers/smtp';
import { startTestServer, type TestServer } from './helpers/test-server';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let server: TestServer;

beforeAll(async () => {
  smtp = await startSmtpServer();
  server = await startTestServer({
    SMTP_URL: smtp.url,
    PUBLIC_URL: 'http://inbox.example',
    PARLEY_PASSWORD_RESET_MINUTES: '30',
    PARLEY_RATE_RESETS_PER_IP: '100000',
  });
});
afterAll(async () => {
  await server.stop();
  await smtp.close();
});

const login = (email: string, password: string, client = new InboxClient(server.url)) => client.post('/v1/inbox/auth/login', { email, password });
const lockOut = async (email: string) => {
  const stranger = new InboxClient(server.url);
  for (let i = 0; i < 6; i++) await login(email, 'wrong-password', stranger);
  expectError(await login(email, AGENT_PASSWORD, stranger), 429, 'rate_limited');
};
const mailTo = (email: string) => eventually(() => smtp.mails.find((m) => m.to.includes(email)), `the mail to ${email}`);
const tokenIn = (mail: ReceivedMail) => /\/inbox\/reset#([\w-]+)/.exec(mail.text)![1]!;
const resetWith = (token: string, password: string) => new InboxClient(server.url).post(`/v1/inbox/auth/password-reset/${token}`, { password });

describe('changing one’s password', () => {
  it('needs the current one, keeps this session and signs every other one out', async () => {
    const a = await createAgent(server, { email: 'changer@example.com' });
    const here = await loginAs(server, a.email);
    const elsewhere = await loginAs(server, a.email);
    expectError(await here.post('/v1/inbox/auth/password', { currentPassword: 'not-it-at-all', newPassword: 'my-new-password' }), 403, 'forbidden');
    expectError(await here.post('/v1/inbox/auth/password', { currentPassword: AGENT_PASSWORD, newPassword: 'short' }), 400, 'invalid_request');
    expectError(await here.post('/v1/inbox/auth/password', { newPassword: 'my-new-password' }), 400, 'invalid_request');
    expect((await here.post('/v1/inbox/auth/password', { currentPassword: AGENT_PASSWORD, newPassword: 'my-new-password' })).status).toBe(204);

    expect((await here.get('/v1/inbox/auth/me')).status).toBe(200);
    expectError(await elsewhere.get('/v1/inbox/auth/me'), 401, 'unauthorized');
    expectError(await login(a.email, AGENT_PASSWORD), 401, 'unauthorized');
    expect((await login(a.email, 'my-new-password')).status).toBe(200);
  });

  it('answers 401 without a session', async () => {
    expectError(
      await new InboxClient(server.url).post('/v1/inbox/auth/password', { currentPassword: AGENT_PASSWORD, newPassword: 'my-new-password' }),
      401,
      'unauthorized',
    );
  });
});

describe('resetting a forgotten password by mail', () => {
  it('answers a known and an unknown address alike, and mails a one-use link only to the known one', async () => {
    await createAgent(server, { email: 'forgot@example.com' });
    const c = new InboxClient(server.url);
    const known = await c.post('/v1/inbox/auth/password-reset', { email: 'Forgot@Example.com' });
    const unknown = await c.post('/v1/inbox/auth/password-reset', { email: 'nobody-here@example.com' });
    expect(known.status).toBe(202);
    expect(unknown).toMatchObject({ status: known.status, body: known.body });

    const mail = await mailTo('forgot@example.com');
    expect(mail.subject).toBe('Reset your Parley password');
    expect(mail.text).toContain('within 30 minutes');
    expect(mail.text).toMatch(/http:\/\/inbox\.example\/inbox\/reset#pr_[\w-]{40,}/);
    expect(smtp.mails.some((m) => m.to.includes('nobody-here@example.com'))).toBe(false);
    // Only the token's hash is stored.
    const token = tokenIn(mail);
    expect((await server.deps.db.select().from(passwordResets)).some((r) => r.tokenHash === token)).toBe(false);

    expectError(await resetWith(token, 'short'), 400, 'invalid_request');
    expect((await resetWith(token, 'chosen-after-reset')).status).toBe(204);
    expectError(await resetWith(token, 'chosen-again-later'), 404, 'not_found');
    expect((await login('forgot@example.com', 'chosen-after-reset')).status).toBe(200);
    expectError(await login('forgot@example.com', AGENT_PASSWORD), 401, 'unauthorized');
  });

  it('signs the agent out everywhere and unlocks an address a stranger locked', async () => {
    const a = await createAgent(server, { email: 'locked-owner@example.com' });
    const session = await loginAs(server, a.email);
    await lockOut(a.email);
    await new InboxClient(server.url).post('/v1/inbox/auth/password-reset', { email: a.email });
    expect((await resetWith(tokenIn(await mailTo(a.email)), 'unlocked-at-last')).status).toBe(204);
    expectError(await session.get('/v1/inbox/auth/me'), 401, 'unauthorized');
    expect((await login(a.email, 'unlocked-at-last')).status).toBe(200);
  });

  it('refuses an expired link, a made-up one and a malformed one', async () => {
    const a = await createAgent(server, { email: 'slow-reader@example.com' });
    await new InboxClient(server.url).post('/v1/inbox/auth/password-reset', { email: a.email });
    const token = tokenIn(await mailTo(a.email));
    await server.deps.db
      .update(passwordResets)
      .set({ expiresAt: new Date(Date.now() - 1) })
      .where(eq(passwordResets.agentId, a.id));
    expectError(await resetWith(token, 'too-late-for-this'), 404, 'not_found');
    expectError(await resetWith('pr_made-up-token-000000', 'a-long-password'), 404, 'not_found');
    expectError(await resetWith('not a token!', 'a-long-password'), 400, 'invalid_request');
    expectError(await new InboxClient(server.url).post('/v1/inbox/auth/password-reset', { email: 'not-an-email' }), 400, 'invalid_request');
  });

  it('sends nothing for a deactivated agent, and at most three mails an hour to one address', async () => {
    const gone = await createAgent(server, { email: 'gone@example.com' });
    await server.deps.db.update(agents).set({ deactivatedAt: new Date() }).where(eq(agents.id, gone.id));
    await createAgent(server, { email: 'flooded@example.com' });
    for (const email of ['gone@example.com', ...Array<string>(5).fill('flooded@example.com')]) {
      expect((await new InboxClient(server.url).post('/v1/inbox/auth/password-reset', { email })).status).toBe(202);
    }
    // Each request decides before it answers: three links were made, for three mails.
    expect(
      await server.deps.db
        .select()
        .from(passwordResets)
        .innerJoin(agents, eq(agents.id, passwordResets.agentId))
        .where(eq(agents.email, 'flooded@example.com')),
    ).toHaveLength(3);
    expect(await server.deps.db.select().from(passwordResets).where(eq(passwordResets.agentId, gone.id))).toEqual([]);
    await eventually(() => smtp.mails.filter((m) => m.to.includes('flooded@example.com')).length === 3, 'three mails');
  });
});

describe('reset requests per IP and the outbox', () => {
  it('refuses requests beyond the per-IP budget, and without SMTP_URL writes the mail to the outbox folder', async () => {
    const outbox = mkdtempSync(join(tmpdir(), 'parley-outbox-'));
    const small = await startTestServer({ PARLEY_RATE_RESETS_PER_IP: '3', PARLEY_OUTBOX_DIR: outbox });
    try {
      const c = new InboxClient(small.url);
      expect((await c.post('/v1/inbox/auth/password-reset', { email: 'owner@example.com' })).status).toBe(202);
      expectError(await c.post('/v1/inbox/auth/password-reset', { email: 'owner@example.com' }), 429, 'rate_limited');
      const file = await eventually(() => readdirSync(outbox).find((f) => f.endsWith('.eml')), 'eml file');
      expect(readFileSync(join(outbox, file), 'utf8')).toMatch(new RegExp(`${small.url.replace(/\./g, '\\.')}/inbox/reset#pr_`));
    } finally {
      await small.stop();
      rmSync(outbox, { recursive: true, force: true });
    }
  });
});

describe('pnpm parley agent reset-password', () => {
  it('prints a new password that works, signs the agent out and lifts their lockout', async () => {
    const a = await createAgent(server, { email: 'cli-reset@example.com' });
    const session = await loginAs(server, a.email);
    await lockOut(a.email);
    const run = (...args: string[]) => runCli(['agent', 'reset-password', ...args], server.testDb.env);
    const out = await run('--email', a.email);
    expect(out.code, out.stderr).toBe(0);
    const password = /password: (\S+)/.exec(out.stdout)![1]!;
    expectError(await session.get('/v1/inbox/auth/me'), 401, 'unauthorized');
    expect((await login(a.email, password)).status).toBe(200);

    expect((await run('--email', a.email, '--password', 'chosen-on-the-cli')).code).toBe(0);
    expect((await login(a.email, 'chosen-on-the-cli')).status).toBe(200);
    expect((await run('--email', 'nobody@example.com')).code).toBe(2);
    expect((await run('--email', a.email, '--password', 'short')).code).toBe(2);
  });
});
