import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationDetail, InboxMessage, InboxMessagePage } from '@parley/protocol';
import { messages } from '../src/db/tables';
import { createAccount, createAgent, loginAs } from './helpers/agents';
import { expectError } from './helpers/errors';
import { InboxClient } from './helpers/inbox-client';
import { startTestServer, type TestServer } from './helpers/test-server';
import { VisitorClient } from './helpers/visitor-client';

const LONG = 2500;

let server: TestServer;
let owner: InboxClient;
let conversationId: string;
beforeAll(async () => {
  server = await startTestServer();
  owner = await InboxClient.login(server.url);
  const visitor = await VisitorClient.create(server.url);
  conversationId = (await visitor.conversation('conv-long-1')).id;
  // 2,500 messages in one insert: through the API it would take minutes.
  const rows = Array.from({ length: LONG }, (_, n) => {
    const i = n + 1;
    return { conversationId, authorType: i % 2 ? ('visitor' as const) : ('agent' as const), body: `message ${i}`, internal: i % 100 === 0 };
  });
  await server.deps.db.insert(messages).values(rows);
});
afterAll(() => server.stop());

const url = (query = '') => `/v1/inbox/conversations/${conversationId}/messages${query}`;
const ids = (messages: InboxMessage[]) => messages.map((m) => m.id);

describe("a long conversation's transcript in the inbox", () => {
  it('opens on its newest messages, and pages back from there to the first, each message once and in order', async () => {
    const detail = (await owner.get<ConversationDetail>(`/v1/inbox/conversations/${conversationId}`)).body;
    expect(detail.messages).toHaveLength(100);
    expect(detail.messages.at(-1)!.body).toBe(`message ${LONG}`);
    expect(detail.messages.at(-1)!.internal).toBe(true);
    expect(detail.hasOlder).toBe(true);

    let all = detail.messages;
    let hasOlder = detail.hasOlder;
    let pages = 0;
    while (hasOlder) {
      const page = await owner.get<InboxMessagePage>(url(`?before=${all[0]!.id}&limit=200`));
      expect(page.status).toBe(200);
      expect(page.body.messages.length).toBeLessThanOrEqual(200);
      all = [...page.body.messages, ...all];
      hasOlder = page.body.hasOlder;
      pages++;
    }
    expect(pages).toBe(12);
    expect(all).toHaveLength(LONG);
    expect(all.map((m) => m.body)).toEqual(Array.from({ length: LONG }, (_, i) => `message ${i + 1}`));
    expect(ids(all)).toEqual([...ids(all)].sort((a, b) => a - b));
  });

  it('answers the newest page without `before` (100 by default), and nothing older than the first message', async () => {
    const newest = (await owner.get<InboxMessagePage>(url())).body;
    expect(newest.messages).toHaveLength(100);
    expect(newest.messages.at(-1)!.body).toBe(`message ${LONG}`);
    expect((await owner.get<InboxMessagePage>(url('?limit=1&before=999999999'))).body.messages.map((m) => m.body)).toEqual([`message ${LONG}`]);
    // One transaction wrote them: their ids follow each other.
    const firstId = newest.messages.at(-1)!.id - LONG + 1;
    expect((await owner.get<InboxMessagePage>(url(`?before=${firstId + 1}`))).body).toMatchObject({ messages: [{ body: 'message 1' }], hasOlder: false });
    expect((await owner.get<InboxMessagePage>(url(`?before=${firstId}`))).body).toEqual({ messages: [], hasOlder: false });
  });

  it('refuses a bad page with 400, and another account or no session as for any conversation', async () => {
    for (const query of ['?before=abc', '?before=0', '?before=-5', '?limit=0', '?limit=201', '?limit=2.5']) {
      expectError(await owner.get(url(query)), 400, 'invalid_request');
    }
    const { accountId } = await createAccount(server, 'Elsewhere');
    const stranger = await loginAs(server, (await createAgent(server, { email: 'pager@example.com', accountId })).email);
    expectError(await stranger.get(url()), 404, 'not_found');
    expectError(await new InboxClient(server.url).get(url()), 401, 'unauthorized');
    expectError(await owner.get('/v1/inbox/conversations/c_nope/messages'), 404, 'not_found');
  });
});
