import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboxStreamEvent } from '@parley/protocol';
import { hashToken } from '../src/auth/tokens';
import { passwordResets, sessions } from '../src/db/tables';
import { AGENT_PASSWORD, createAgent, loginAs } from './helpers/agents';
import { eventually, handedOff } from './helpers/handoff';
import { InboxClient } from './helpers/inbox-client';
import { runCli } from './helpers/run-cli';
import { openStream } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/test-server';

let server: TestServer;
let owner: InboxClient;

beforeAll(async () => {
  // Heartbeats every second: an expired session's stream must end at the next one.
  server = await startTestServer({ PARLEY_HEARTBEAT_SECONDS: '1' });
  owner = await InboxClient.login(server.url);
});
afterAll(() => server.stop());

let n = 0;
async function agentSignedIn() {
  const row = await createAgent(server, { email: `revoked-${++n}@example.com` });
  return { row, client: await loginAs(server, row.email) };
}

/** An agent's inbox stream, with what it received and whether the server has ended it. */
async function inboxStream(client: InboxClient) {
  const events: InboxStreamEvent[] = [];
  const conn = openStream<InboxStreamEvent>(`${server.url}/v1/inbox/stream`, { headers: { cookie: client.cookie! }, onEvent: (e) => events.push(e) });
  let ended = false;
  void conn.done.then(() => (ended = true));
  await conn.ready;
  return { events, close: conn.close, ended: () => ended, endings: () => events.filter((e) => e.type === 'session.ended') };
}
type Stream = Awaited<ReturnType<typeof inboxStream>>;

const sessionIdOf = async (server: TestServer, agentId: string) =>
  (await server.deps.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.agentId, agentId))).map((s) => s.id);

/** The stream got `session.ended` as its last event and the server closed it. */
async function expectEnded(stream: Stream, sessionId: string | null) {
  await eventually(() => stream.ended(), 'the stream to end', 5_000);
  expect(stream.events.at(-1)).toEqual({ type: 'session.ended', sessionId });
}

/** Still open and still delivering: a new handoff shows up on it. */
async function expectLive(stream: Stream) {
  const { conversationId } = await handedOff(server, 'pk_demo');
  await eventually(() => stream.events.some((e) => 'conversationId' in e && e.conversationId === conversationId), 'a live event');
  expect(stream.ended()).toBe(false);
  expect(stream.endings()).toEqual([]);
}

describe("an agent's open inbox stream ends with their session", () => {
  it('when the agent is deactivated, so no visitor message or private note reaches it afterwards', async () => {
    const { row, client } = await agentSignedIn();
    const stream = await inboxStream(client);
    expect((await owner.patch(`/v1/inbox/agents/${row.id}`, { active: false })).status).toBe(200);
    await expectEnded(stream, null);
    const { conversationId } = await handedOff(server, 'pk_demo');
    await owner.post(`/v1/inbox/conversations/${conversationId}/messages`, { clientId: 'after-deactivation', body: 'a note', internal: true });
    expect(stream.events.filter((e) => 'conversationId' in e && e.conversationId === conversationId)).toEqual([]);
  });

  it('when their role changes', async () => {
    const { row, client } = await agentSignedIn();
    const stream = await inboxStream(client);
    await owner.patch(`/v1/inbox/agents/${row.id}`, { role: 'admin' });
    await expectEnded(stream, null);
  });

  it("at logout, that session's stream only", async () => {
    const { row, client } = await agentSignedIn();
    const other = await loginAs(server, row.email);
    const [leaving, staying] = [await inboxStream(client), await inboxStream(other)];
    const [first] = await sessionIdOf(server, row.id);
    await client.post('/v1/inbox/auth/logout');
    await expectEnded(leaving, first!);
    await expectLive(staying);
    staying.close();
  });

  it("at a password change, every other session's stream, not the one that changed it", async () => {
    const { row, client } = await agentSignedIn();
    const other = await loginAs(server, row.email);
    const [changing, elsewhere] = [await inboxStream(client), await inboxStream(other)];
    const [, second] = await sessionIdOf(server, row.id);
    const res = await client.post('/v1/inbox/auth/password', { currentPassword: AGENT_PASSWORD, newPassword: 'a-brand-new-password' });
    expect(res.status).toBe(204);
    await expectEnded(elsewhere, second!);
    await expectLive(changing);
    changing.close();
  });

  it('at a password reset by link, every stream of the agent', async () => {
    const { row, client } = await agentSignedIn();
    const stream = await inboxStream(client);
    const token = 'pr_test-reset-token-for-streams';
    await server.deps.db.insert(passwordResets).values({ tokenHash: hashToken(token), agentId: row.id, expiresAt: new Date(Date.now() + 60_000) });
    expect((await new InboxClient(server.url).post(`/v1/inbox/auth/password-reset/${token}`, { password: 'reset-by-link-123' })).status).toBe(204);
    await expectEnded(stream, null);
  });

  it('when the session expires with no request, idle or past its longest life, at the next heartbeat', async () => {
    const idle = await agentSignedIn();
    const old = await agentSignedIn();
    const [idleStream, oldStream] = [await inboxStream(idle.client), await inboxStream(old.client)];
    const db = server.deps.db;
    await db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1) })
      .where(eq(sessions.agentId, idle.row.id));
    await db
      .update(sessions)
      .set({ createdAt: new Date(Date.now() - 31 * 24 * 3_600_000) })
      .where(eq(sessions.agentId, old.row.id));
    await expectEnded(idleStream, (await sessionIdOf(server, idle.row.id))[0]!);
    await expectEnded(oldStream, (await sessionIdOf(server, old.row.id))[0]!);
  });

  it("when another process (the command line) resets the password: this process's stream ends at its next heartbeat", async () => {
    const { row, client } = await agentSignedIn();
    const stream = await inboxStream(client);
    const cli = await runCli(['agent', 'reset-password', '--email', row.email], server.testDb.env);
    expect(cli.code, cli.stderr).toBe(0);
    await expectEnded(stream, (await sessionIdOf(server, row.id))[0]!);
  });
});
