import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agents, conversations, events, sites } from '../src/db/tables';
import type { AgentAdmin, AgentList, AgentRole, Message, MessagePage, QueueState, Team } from '@parley/protocol';
import { createAccount, createAgent, loginAs } from './helpers/agents';
import { conversationRow, eventually, handedOff } from './helpers/handoff';
import { openStream } from './helpers/sse-client';
import { startTestServer, type TestServer } from './helpers/test-server';
import { VisitorClient } from './helpers/visitor-client';
import { changeConversation } from '../src/conversations/change';
import { isWaiting } from '../src/sla/queue-order';

let server: TestServer;
beforeAll(async () => {
  // A fast sweep so sites created by a test are watched at once. Presence keeps its default
  // grace: agents set online through the API have no inbox stream open.
  server = await startTestServer({ PARLEY_ROUTING_SWEEP_SECONDS: '0.1' });
});
afterAll(() => server.stop());

let n = 0;
/** Each test gets its own account, so agents online in one test never take another's chats. */
async function team(...specs: Array<{ role?: AgentRole; languages?: string[]; skills?: string[]; maxChats?: number; online?: boolean }>) {
  const { accountId, site } = await createAccount(server, `Team ${++n}`);
  const members = [];
  for (const [i, spec] of specs.entries()) {
    const row = await createAgent(server, { email: `t${n}-a${i}@example.com`, accountId, ...spec });
    const client = await loginAs(server, row.email);
    if (spec.online !== false) expect((await client.request('PUT', '/v1/inbox/presence', { presence: 'online' })).status).toBe(204);
    members.push({ row, client });
  }
  return { site, members };
}

const assigneeOf = async (id: string) => (await conversationRow(server, id)).assigneeId;

describe('routing', () => {
  it('assigns a queued conversation to an online agent with a free slot, and tells the visitor who joined', async () => {
    const { site, members } = await team({ maxChats: 2 });
    const { visitor, conversationId } = await handedOff(server, site.publicKey);
    await eventually(async () => (await assigneeOf(conversationId)) === members[0]!.row.id, 'assignment');
    expect((await conversationRow(server, conversationId)).status).toBe('open');
    const page = await visitor.request<MessagePage>('GET', `/v1/widget/conversations/${conversationId}/messages`);
    expect(page.body.messages.at(-1)).toMatchObject({ author: { type: 'system' }, body: `${members[0]!.row.name} joined the conversation` });
  });

  it('leaves alone a conversation resolved after routing read the queue: no stamp, no assignment', async () => {
    const { site, members } = await team({ online: false });
    const { conversationId } = await handedOff(server, site.publicKey);
    await eventually(async () => (await conversationRow(server, conversationId)).queuedAt !== null, 'the queue stamp');
    await changeConversation(server.deps, conversationId, { status: 'resolved', queuedAt: null }, { type: 'bot', agentId: null });
    const resolved = await conversationRow(server, conversationId);
    // What routing does with a queue it read before the resolve.
    const router = server.services.router;
    expect(await router.assign(conversationId, members[0]!.row.id, { type: 'system', agentId: null }, isWaiting)).toBeUndefined();
    expect(await changeConversation(server.deps, conversationId, { queuedAt: new Date() }, { type: 'system', agentId: null }, { onlyIf: isWaiting })).toBeUndefined();
    expect(await conversationRow(server, conversationId)).toEqual(resolved);
  });

  it('respects capacity: the next conversation waits, with its place in line, until a slot frees', async () => {
    const { site, members } = await team({ maxChats: 1 });
    const first = await handedOff(server, site.publicKey);
    await eventually(() => assigneeOf(first.conversationId), 'first assignment');
    const second = await handedOff(server, site.publicKey);
    await eventually(async () => (await conversationRow(server, second.conversationId)).queuedAt, 'second queued');
    expect(await assigneeOf(second.conversationId)).toBeNull();
    const queue = await second.visitor.request<QueueState>('GET', `/v1/widget/conversations/${second.conversationId}/queue`);
    expect(queue.body).toMatchObject({ status: 'queued', position: 1, agentsOnline: true, emailFollowUp: false });

    const resolved = await members[0]!.client.patch(`/v1/inbox/conversations/${first.conversationId}`, { status: 'resolved' });
    expect(resolved.status).toBe(200);
    await eventually(async () => (await assigneeOf(second.conversationId)) === members[0]!.row.id, 'drain after resolve');
  });

  it('shows the same load per agent in the team list, the admin list and after an admin edit', async () => {
    const { site, members } = await team({ role: 'admin', maxChats: 1 }, { maxChats: 1, online: false });
    const [busy, idle] = [members[0]!, members[1]!];
    const { conversationId } = await handedOff(server, site.publicKey);
    await eventually(async () => (await assigneeOf(conversationId)) === busy.row.id, 'assignment');
    const loads = (list: Array<{ id: string; load: number }>) => Object.fromEntries(list.map((a) => [a.id, a.load]));
    const expected = { [busy.row.id]: 1, [idle.row.id]: 0 };
    expect(loads((await idle.client.get<Team>('/v1/inbox/team')).body.agents)).toEqual(expected);
    expect(loads((await busy.client.get<AgentList>('/v1/inbox/agents')).body.agents)).toEqual(expected);
    expect((await busy.client.patch<AgentAdmin>(`/v1/inbox/agents/${busy.row.id}`, { maxChats: 2 })).body.load).toBe(1);
  });

  it("prefers an agent who speaks the visitor's language over a less busy one", async () => {
    const { site, members } = await team({ languages: ['en'] }, { languages: ['fr', 'en'] });
    const warmup = await handedOff(server, site.publicKey, { language: 'en' });
    await eventually(() => assigneeOf(warmup.conversationId), 'warm-up assignment');
    const french = await handedOff(server, site.publicKey, { language: 'fr' });
    await eventually(async () => (await assigneeOf(french.conversationId)) === members[1]!.row.id, 'French agent');
  });

  it('drains the queue in order, urgent first then first come first served, as an agent frees slots', async () => {
    const { site, members } = await team({ maxChats: 1, online: false });
    const a = await handedOff(server, site.publicKey, { priority: 'low' });
    const b = await handedOff(server, site.publicKey, { priority: 'medium' });
    const c = await handedOff(server, site.publicKey, { priority: 'urgent' });
    const d = await handedOff(server, site.publicKey, { priority: 'medium' });
    await eventually(
      async () => (await Promise.all([a, b, c, d].map((x) => conversationRow(server, x.conversationId)))).every((row) => row.queuedAt),
      'all queued',
    );

    const agent = members[0]!.client;
    await agent.request('PUT', '/v1/inbox/presence', { presence: 'online' });
    const served: string[] = [];
    for (let i = 0; i < 4; i++) {
      const next = await eventually(async () => {
        const waiting = [a, b, c, d].filter((x) => !served.includes(x.conversationId));
        const assignees = await Promise.all(waiting.map((x) => assigneeOf(x.conversationId)));
        return waiting.find((_, j) => assignees[j]);
      }, `assignment ${i}`);
      served.push(next.conversationId);
      await agent.patch(`/v1/inbox/conversations/${next.conversationId}`, { status: 'resolved' });
    }
    expect(served).toEqual([c, b, d, a].map((x) => x.conversationId));
  });

  it('hands the open chats of an agent who goes offline mid-chat to another online agent', async () => {
    const { site, members } = await team({ maxChats: 3 }, { maxChats: 3, online: false });
    const { conversationId } = await handedOff(server, site.publicKey);
    await eventually(async () => (await assigneeOf(conversationId)) === members[0]!.row.id, 'first agent');
    await members[1]!.client.request('PUT', '/v1/inbox/presence', { presence: 'online' });
    await members[0]!.client.request('PUT', '/v1/inbox/presence', { presence: 'offline' });
    await eventually(async () => (await assigneeOf(conversationId)) === members[1]!.row.id, 'second agent');
  });

  it('takes an agent offline when their last inbox tab closes, and re-queues their chat with the offline path', async () => {
    const main = server;
    server = await startTestServer({ PARLEY_ROUTING_SWEEP_SECONDS: '0.1', PARLEY_PRESENCE_GRACE_SECONDS: '0.3' });
    try {
      await tabClosed();
    } finally {
      await server.stop();
      server = main;
    }
  });

  async function tabClosed() {
    const { site, members } = await team({ online: false });
    const agent = members[0]!;
    const stream = openStream(`${server.url}/v1/inbox/stream`, { headers: { cookie: agent.client.cookie! }, onEvent: () => {} });
    expect((await stream.ready).status).toBe(200);
    const presence = async () => (await server.deps.db.select({ presence: agents.presence }).from(agents).where(eq(agents.id, agent.row.id)))[0]!.presence;
    await eventually(async () => (await presence()) === 'online', 'online once the inbox is open');
    const { visitor, conversationId } = await handedOff(server, site.publicKey, { email: 'ada@example.com' });
    await eventually(async () => (await assigneeOf(conversationId)) === agent.row.id, 'assignment to the agent with the inbox open');

    stream.close();
    await eventually(async () => (await conversationRow(server, conversationId)).emailFollowUp, 'offline path after the grace period');
    expect(await presence()).toBe('offline');
    expect(await conversationRow(server, conversationId)).toMatchObject({ status: 'queued', assigneeId: null });
    const page = await visitor.request<MessagePage>('GET', `/v1/widget/conversations/${conversationId}/messages`);
    expect(page.body.messages.at(-1)).toMatchObject({ author: { type: 'system' }, body: expect.stringContaining('ada@example.com') });
  }

  it('asks for an email when nobody is online, and says so in the queue state', async () => {
    const { site } = await team({ online: false });
    const { visitor, conversationId } = await handedOff(server, site.publicKey);
    await eventually(async () => (await conversationRow(server, conversationId)).emailFollowUp, 'offline path');
    const page = await visitor.request<MessagePage>('GET', `/v1/widget/conversations/${conversationId}/messages`);
    const last = page.body.messages.at(-1) as Message;
    expect(last.meta.askEmail).toBe(true);
    const queue = await visitor.request<QueueState>('GET', `/v1/widget/conversations/${conversationId}/queue`);
    expect(queue.body).toMatchObject({ emailFollowUp: true, agentsOnline: false, email: null, position: 1 });
  });

  it('treats a closed business day like nobody online, even with an agent online', async () => {
    const { site } = await team({});
    const closed = { businessHours: { enabled: true, days: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } } };
    await server.deps.db.update(sites).set({ settings: closed }).where(eq(sites.id, site.id));
    const { conversationId } = await handedOff(server, site.publicKey);
    await eventually(async () => (await conversationRow(server, conversationId)).emailFollowUp, 'offline path outside business hours');
  });

  it("tells the visitor nobody is online in their language, else the site's, else English", async () => {
    const cases: [{ locale?: string; email?: string }, string | null, string][] = [
      [{ locale: 'es' }, null, 'Nuestro equipo no está disponible ahora mismo. Déjanos tu correo electrónico y te responderemos allí.'],
      [
        { locale: 'ar', email: 'ada@example.com' },
        null,
        'فريقنا غير متاح حاليًا. سنرد عليك عبر البريد الإلكتروني على \u2068ada@example.com\u2069 — يمكنك إغلاق هذه النافذة.',
      ],
      [{ locale: 'pt-BR' }, 'de', 'Nossa equipe não está disponível agora. Deixe seu endereço de e-mail e responderemos por lá.'],
      [{}, 'fr', 'Notre équipe est absente pour le moment. Laissez-nous votre adresse e-mail et nous vous répondrons.'],
      [{ locale: 'ja' }, null, "Our team is away right now. Leave your email address and we'll reply there."],
    ];
    for (const [visitorFields, siteLocale, expected] of cases) {
      const { site } = await team({ online: false });
      if (siteLocale) await server.deps.db.update(sites).set({ settings: { locale: siteLocale } }).where(eq(sites.id, site.id));
      const { visitor, conversationId } = await handedOff(server, site.publicKey, visitorFields);
      await eventually(async () => (await conversationRow(server, conversationId)).emailFollowUp, 'offline path');
      const page = await visitor.request<MessagePage>('GET', `/v1/widget/conversations/${conversationId}/messages`);
      expect(page.body.messages.at(-1), JSON.stringify(visitorFields)).toMatchObject({
        author: { type: 'system' },
        body: expected,
        meta: { askEmail: !visitorFields.email },
      });
    }
  });

  it('stamps a newly queued conversation and posts its offline notice in one write', async () => {
    const { site } = await team({ online: false });
    const { conversationId } = await handedOff(server, site.publicKey);
    await eventually(async () => (await conversationRow(server, conversationId)).emailFollowUp, 'offline path');
    const row = await conversationRow(server, conversationId);
    expect(row.queuedAt).not.toBeNull();
    const logged = await server.deps.db.select({ id: events.id, payload: events.payload }).from(events).where(eq(events.conversationId, conversationId)).orderBy(asc(events.id));
    const all = logged.map((e) => ({ id: e.id, type: e.payload.type, by: e.payload.type === 'conversation.updated' ? (e.payload.by as { type: string }).type : undefined }));
    const bySystem = all.filter((e) => e.type === 'conversation.updated' && e.by === 'system');
    expect(bySystem).toHaveLength(1);
    // Committed together: nothing else was written between the change and its notice.
    expect(all.find((e) => e.id === bySystem[0]!.id + 1)?.type).toBe('message.created');
  });

  it('stamps and notifies once when routing runs overlap (an event, the sweep, another process)', async () => {
    const { site } = await team({ online: false });
    const visitor = await VisitorClient.create(server.url, site.publicKey);
    const { id: conversationId } = await visitor.conversation('overlapping-routing-1');
    // Queued without the event that wakes routing: only the runs below (and the sweep) find it.
    await server.deps.db.update(conversations).set({ status: 'queued' }).where(eq(conversations.id, conversationId));
    await Promise.all([1, 2, 3].map(() => server.services.router.route(site.accountId)));
    await eventually(async () => (await conversationRow(server, conversationId)).emailFollowUp, 'offline path');
    const logged = await server.deps.db.select({ payload: events.payload }).from(events).where(eq(events.conversationId, conversationId));
    const bySystem = logged.filter((e) => e.payload.type === 'conversation.updated' && (e.payload.by as { type: string }).type === 'system');
    expect(bySystem).toHaveLength(1);
    const notices = (await visitor.request<MessagePage>('GET', `/v1/widget/conversations/${conversationId}/messages`)).body.messages.filter(
      (m) => m.author.type === 'system',
    );
    expect(notices).toHaveLength(1);
  });

  it("says who joined in the visitor's language", async () => {
    const { site, members } = await team({});
    const { visitor, conversationId } = await handedOff(server, site.publicKey, { locale: 'de' });
    await eventually(() => assigneeOf(conversationId), 'assignment');
    const page = await visitor.request<MessagePage>('GET', `/v1/widget/conversations/${conversationId}/messages`);
    expect(page.body.messages.at(-1)).toMatchObject({ author: { type: 'system' }, body: `${members[0]!.row.name} ist dem Gespräch beigetreten` });
  });

  it('stamps the SLA deadlines from the site targets by priority', async () => {
    const { site } = await team({ online: false });
    const { conversationId } = await handedOff(server, site.publicKey, { priority: 'urgent' });
    const row = await eventually(async () => {
      const r = await conversationRow(server, conversationId);
      return r.firstResponseDueAt ? r : undefined;
    }, 'SLA');
    expect(row.firstResponseDueAt!.getTime() - row.queuedAt!.getTime()).toBe(15 * 60_000);
    expect(row.resolutionDueAt!.getTime() - row.queuedAt!.getTime()).toBe(4 * 60 * 60_000);
  });
});
