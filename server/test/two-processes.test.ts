import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import type { InboxStreamEvent, VisitorStreamEvent } from '@parley/protocol';
import { agents, conversations, messages } from '../src/db/tables';
import { eventually } from './helpers/handoff';
import { InboxClient } from './helpers/inbox-client';
import { createAgent, demoSite, loginAs } from './helpers/agents';
import { sleep } from './helpers/random';
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
    const env = {
      PORT: '0',
      ...database.env,
      PARLEY_ADMIN_PASSWORD: 'test-password-123',
      PARLEY_ROUTING_SWEEP_SECONDS: '0.2',
      // Heartbeats (which also notice an ended session) must not be what ends a stream here.
      PARLEY_HEARTBEAT_SECONDS: '300',
      // Each process's bot answers from its own index of the knowledge base.
      PARLEY_BOT: 'on',
    };
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

  it('answers from an article published through the other process', async () => {
    const visitor = await VisitorClient.create(a.url);
    const conversation = await visitor.conversation('two-processes-kb');
    const seen: VisitorStreamEvent[] = [];
    const stream = openStream<VisitorStreamEvent>(`${a.url}/v1/widget/stream?token=${visitor.token}`, { onEvent: (e) => seen.push(e) });
    streams.push(stream);
    await stream.ready;
    const botLines = () => seen.flatMap((e) => (e.type === 'message.created' && e.message.author.type === 'bot' ? [e.message.body] : []));
    const question = 'How do I adopt a purple octopus?';
    // A's bot has read the knowledge base as it was.
    await visitor.send(conversation.id, 'two-processes-kb-1', question);
    await eventually(() => botLines().length > 0, "the bot's first answer on A");
    expect(botLines().join(' ')).not.toMatch(/octopus adoption form/);

    const owner = await InboxClient.login(b.url);
    const store = await database.open();
    const siteId = (await demoSite({ deps: { db: store.db } })).id;
    await store.close();
    const article = await owner.post<{ id: string }>(`/v1/inbox/sites/${siteId}/articles`, {
      title: 'Adopting a purple octopus',
      body: 'Fill in the octopus adoption form at the front desk.',
      phrasings: [question],
    });
    expect(article.status).toBe(201);
    expect((await owner.post(`/v1/inbox/sites/${siteId}/articles/${article.body.id}/publish`)).status).toBe(200);

    const answered = botLines().length;
    await visitor.send(conversation.id, 'two-processes-kb-2', question);
    await eventually(() => botLines().length > answered, "the bot's second answer on A");
    expect(botLines().at(-1)).toMatch(/octopus adoption form/);
  }, 30_000);

  it("ends an agent's stream on one process when their session ends through the other", async () => {
    const agent = await InboxClient.login(b.url);
    const events: InboxStreamEvent[] = [];
    const stream = openStream<InboxStreamEvent>(`${b.url}/v1/inbox/stream`, { headers: { cookie: agent.cookie! }, onEvent: (e) => events.push(e) });
    streams.push(stream);
    await stream.ready;
    // The same browser session, its logout reaching the other process.
    const onA = Object.assign(new InboxClient(a.url), { cookie: agent.cookie });
    expect((await onA.request('POST', '/v1/inbox/auth/logout')).status).toBe(204);
    await eventually(() => events.find((e) => e.type === 'session.ended'), 'session.ended on B');
    await stream.done;
  });

  it('routes three handoffs at once to two agents on different processes, one chat each: none over capacity, none assigned twice', async () => {
    const store = await database.open();
    try {
      const [one, two] = await Promise.all(
        ['one', 'two'].map((n) => createAgent({ deps: { db: store.db } }, { email: `routing-${n}@example.com`, maxChats: 1 })),
      );
      // Each at work on a process of their own: online for the routing of both.
      const inboxes = await Promise.all([loginAs(a, one!.email), loginAs(b, two!.email)]);
      for (const [i, inbox] of inboxes.entries()) {
        const s = openStream<InboxStreamEvent>(`${[a, b][i]!.url}/v1/inbox/stream`, { headers: { cookie: inbox.cookie! }, onEvent: () => {} });
        streams.push(s);
        await s.ready;
      }
      await eventually(
        async () =>
          (
            await store.db
              .select()
              .from(agents)
              .where(inArray(agents.id, [one!.id, two!.id]))
          ).every((x) => x.presence === 'online'),
        'both online',
      );

      const visitors = await Promise.all([a, b, a].map((server) => VisitorClient.create(server.url)));
      const conversationIds = await Promise.all(
        visitors.map(async (v, i) => {
          const c = await v.conversation(`routing-conv-${i}`);
          await v.send(c.id, `routing-msg-${i}`, 'A person, please');
          return c.id;
        }),
      );
      await Promise.all(visitors.map((v, i) => v.request('POST', `/v1/widget/conversations/${conversationIds[i]}/handoff`, {})));

      const rows = () => store.db.select().from(conversations).where(inArray(conversations.id, conversationIds));
      // The owner, online since the test above, may take the third.
      await eventually(async () => (await rows()).filter((c) => c.assigneeId === one!.id || c.assigneeId === two!.id).length === 2, 'two assigned');
      // Routing runs again on both processes' sweeps meanwhile: still one chat each.
      await sleep(1_500);
      const final = await rows();
      expect(final.filter((c) => c.assigneeId === one!.id)).toHaveLength(1);
      expect(final.filter((c) => c.assigneeId === two!.id)).toHaveLength(1);
      // Each assignment happened once: one "joined" line per assigned conversation.
      const joined = (
        await store.db
          .select({ body: messages.body })
          .from(messages)
          .where(and(inArray(messages.conversationId, conversationIds), eq(messages.authorType, 'system')))
      ).filter((m) => m.body.endsWith('joined the conversation'));
      expect(joined).toHaveLength(final.filter((c) => c.assigneeId).length);
    } finally {
      await store.close();
    }
  });
});
