import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ConversationDetail, InboxMessage, MessagePage } from '@parley/protocol';
import { changeConversation } from '../src/conversations/change';
import { createArticle } from '../src/kb/articles';
import { demoSite } from './helpers/agents';
import { eventually } from './helpers/handoff';
import { InboxClient } from './helpers/inbox-client';
import { sleep } from './helpers/random';
import { openStream } from './helpers/sse-client';
import { startTestServer } from './helpers/test-server';
import { VisitorClient } from './helpers/visitor-client';

/** What keeps a process alive or busy: timers, sockets, servers (not the test runner's pipes). */
const resources = () =>
  process
    .getActiveResourcesInfo()
    .filter((r) => r !== 'PipeWrap')
    .sort();
/** The process's OS threads: a worker thread left running shows up here (Linux). */
const threads = () => readdirSync('/proc/self/task').length;

/** What the process holds once things started or stopped elsewhere have settled (a thread takes a moment to exit). */
async function settled(): Promise<{ resources: string[]; threads: number }> {
  let last = { resources: resources(), threads: threads() };
  for (let i = 0; i < 50; i++) {
    await sleep(100);
    const now = { resources: resources(), threads: threads() };
    if (JSON.stringify(now) === JSON.stringify(last)) return now;
    last = now;
  }
  return last;
}

describe('stopping the server', () => {
  it('leaves no timer, socket, server or thread behind, with every service running', async () => {
    // A first run starts what stays for the process's life anyway (libuv's thread pool).
    await (await startTestServer()).stop();
    const before = await settled();

    // A mail server that refuses every connection: the follow-up outbox waits on its timer to try again.
    const server = await startTestServer({
      PARLEY_BOT: 'on',
      PARLEY_INBOUND_DOMAIN: 'reply.example.com',
      PARLEY_INBOUND_SMTP_PORT: '0',
      SMTP_URL: 'smtp://127.0.0.1:9',
    });
    // Every service at work: the bot (and its retriever thread) answers, streams hold heartbeats,
    // an agent's open inbox keeps presence, the checkpointer and the routing sweep run.
    await createArticle(server.deps.db, (await demoSite(server)).id, {
      title: 'Opening hours',
      body: 'We are open 9 to 5.',
      phrasings: ['when are you open'],
      category: null,
      locale: null,
      status: 'published',
    });
    const visitor = await VisitorClient.create(server.url, 'pk_demo', { email: 'lifecycle@example.com' });
    const conversation = await visitor.conversation('lifecycle-conv-1');
    const visitorStream = openStream(`${server.url}/v1/widget/stream?token=${visitor.token}`, { onEvent: () => {} });
    const agent = await InboxClient.login(server.url);
    const inboxStream = openStream(`${server.url}/v1/inbox/stream`, { headers: { cookie: agent.cookie! }, onEvent: () => {} });
    await Promise.all([visitorStream.ready, inboxStream.ready]);
    await visitor.send(conversation.id, 'lifecycle-msg-1', 'when are you open');
    await server.bot!.idle();
    const page = await visitor.request<MessagePage>('GET', `/v1/widget/conversations/${conversation.id}/messages`);
    expect(page.body.messages.map((m) => m.author.type)).toEqual(['visitor', 'bot']);
    await changeConversation(server.deps, conversation.id, { emailFollowUp: true }, { type: 'system', agentId: null });
    const reply = await agent.post<InboxMessage>(`/v1/inbox/conversations/${conversation.id}/messages`, { clientId: 'lifecycle-reply-1', body: 'By mail' });
    await eventually(
      async () =>
        (await agent.get<ConversationDetail>(`/v1/inbox/conversations/${conversation.id}`)).body.messages.find((m) => m.id === reply.body.id)?.emailDelivery
          ?.status === 'retrying',
      'a mail waiting to be tried again',
    );
    expect(resources()).toEqual(expect.arrayContaining(['Timeout', 'TCPServerWrap']));
    expect(threads()).toBeGreaterThan(before.threads);

    await server.stop();
    visitorStream.close();
    inboxStream.close();
    expect(await settled()).toEqual(before);
  });
});
