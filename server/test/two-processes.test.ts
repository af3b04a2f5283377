import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboxStreamEvent, VisitorStreamEvent } from '@parley/protocol';
import { eventually } from './helpers/handoff';
import { InboxClient } from './helpers/inbox-client';
import { openStream, type SseConnection } from './helpers/sse-client';
import { spawnServer, type SpawnedServer } from './helpers/spawn-server';
import { testDatabase, type TestDatabase } from './helpers/test-db';
import { VisitorClient } from './helpers/visitor-client';

/*
 * Two server processes on one PostgreSQL database, as behind a load balancer without sticky
 * sessions: what one process commits or signals reaches the streams open on the other.
 */
describe.runIf(process.env.PARLEY_TEST_PG)('two server processes on one PostgreSQL', () => {
  let database: TestDatabase;
  let a: SpawnedServer;
  let b: SpawnedServer;
  const streams: SseConnection[] = [];
  beforeAll(async () => {
    database = await testDatabase('postgres');
    const env = { PORT: '0', ...database.env, PARLEY_ADMIN_PASSWORD: 'test-password-123' };
    // Started at once on an empty database: one migrates and seeds, the other finds it done.
    [a, b] = await Promise.all([spawnServer(env), spawnServer(env)]);
  });
  afterAll(async () => {
    for (const s of streams) s.close();
    for (const s of [a, b]) s?.child.kill();
    await Promise.all([a?.exited, b?.exited]);
    await database.drop();
  });

  it("carries a handoff, the agent's reply and their typing from one process to the other", async () => {
    // The visitor is on A.
    const visitor = await VisitorClient.create(a.url);
    const conversation = await visitor.conversation('two-processes-1');
    const seenByVisitor: VisitorStreamEvent[] = [];
    streams.push(openStream(`${a.url}/v1/widget/stream?token=${visitor.token}`, { onEvent: (e) => seenByVisitor.push(e) }));
    // The agent is on B.
    const agent = await InboxClient.login(b.url);
    const seenByAgent: InboxStreamEvent[] = [];
    const agentStream = openStream<InboxStreamEvent>(`${b.url}/v1/inbox/stream`, { headers: { cookie: agent.cookie! }, onEvent: (e) => seenByAgent.push(e) });
    streams.push(agentStream);
    await Promise.all(streams.map((s) => s.ready));

    expect((await visitor.send(conversation.id, 'two-processes-m1', 'I need a person please')).status).toBe(201);
    expect((await visitor.request('POST', `/v1/widget/conversations/${conversation.id}/handoff`, {})).status).toBeLessThan(300);
    await eventually(
      () => seenByAgent.find((e) => e.type === 'conversation.updated' && e.conversationId === conversation.id && e.conversation.status === 'queued'),
      'the handoff on B',
    );

    const reply = await agent.request('POST', `/v1/inbox/conversations/${conversation.id}/messages`, { clientId: 'two-processes-r1', body: 'Hello from B' });
    expect(reply.status).toBe(201);
    await eventually(() => seenByVisitor.find((e) => e.type === 'message.created' && e.message.body === 'Hello from B'), 'the reply on A');

    expect((await agent.request('POST', `/v1/inbox/conversations/${conversation.id}/typing`, { isTyping: true })).status).toBe(204);
    await eventually(() => seenByVisitor.find((e) => e.type === 'typing' && e.isTyping), "the agent's typing on A");
    // Each event once.
    const ids = seenByVisitor.filter((e) => 'id' in e).map((e) => (e as { id: number }).id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
  });
});
