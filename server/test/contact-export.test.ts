import { eq, is } from 'drizzle-orm';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactExport, type CreatedApiToken } from '@parley/protocol';
import * as schema from '../src/db/schema';
import { articleFeedback, articles, emailLog, messageFeedback } from '../src/db/tables';
import { EXPORT_COVERAGE } from '../src/contacts/export';
import { createAccount, createAgent, demoSite, loginAs } from './helpers/agents';
import { expectError } from './helpers/errors';
import { conversationRow, eventually, handedOff } from './helpers/handoff';
import { InboxClient } from './helpers/inbox-client';
import { startTestServer, type TestServer } from './helpers/test-server';

/*
 * Exporting a contact (issue 18): one document with everything held about a visitor, for
 * owners, admins and contacts:read tokens; and a guard that no table holding visitor data is
 * forgotten by it.
 */
let server: TestServer;
let owner: Awaited<ReturnType<typeof InboxClient.login>>;
beforeAll(async () => {
  server = await startTestServer();
  owner = await InboxClient.login(server.url);
});
afterAll(() => server.stop());

describe('GET /v1/inbox/contacts/:id/export', () => {
  it("exports the visitor, their devices, conversations with every message (notes flagged), mails and feedback, never a token's hash", async () => {
    const { conversationId } = await handedOff(server, 'pk_demo', { email: 'grace@example.com', text: 'Where is my parcel?' });
    const me = { id: (await conversationRow(server, conversationId)).visitorId };
    await owner.post(`/v1/inbox/conversations/${conversationId}/messages`, { clientId: 'export-note-1', body: 'Parcel lost, refund', internal: true });
    const reply = await owner.post<{ id: number }>(`/v1/inbox/conversations/${conversationId}/messages`, {
      clientId: 'export-reply-1',
      body: 'We sent it again.',
    });
    const db = server.deps.db;
    // Nobody was online: the reply goes to the visitor's email (the follow-up outbox; a file in tests).
    await eventually(async () => (await db.select().from(emailLog).where(eq(emailLog.messageId, reply.body.id)))[0]?.status === 'sent', 'the mail sent');
    await db.insert(messageFeedback).values({ messageId: reply.body.id, visitorId: me.id, helpful: true });
    const siteId = (await demoSite(server)).id;
    await db
      .insert(articles)
      .values({
        id: 'art_export',
        siteId,
        slug: 'refunds',
        title: 'Refunds',
        body: 'Five days.',
        phrasings: [],
        category: 'billing',
        locale: 'en',
        status: 'published',
      });
    await db.insert(articleFeedback).values({ articleId: 'art_export', visitorId: me.id, helpful: false });

    const res = await owner.request<ContactExport>('GET', `/v1/inbox/contacts/${me.id}/export`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="contact-${me.id}.json"`);
    const doc = ContactExport.parse(res.body);
    expect(doc.contact).toMatchObject({ id: me.id, email: 'grace@example.com', siteId: (await demoSite(server)).id });
    expect(doc.devices).toHaveLength(1);
    const [conversation] = doc.conversations;
    expect(conversation!.messages.filter((m) => m.author.type !== 'system').map((m) => [m.author.type, m.body, m.internal])).toEqual([
      ['visitor', 'Where is my parcel?', false],
      ['agent', 'Parcel lost, refund', true],
      ['agent', 'We sent it again.', false],
    ]);
    // The lines the visitor was shown ("Our team is away…") are theirs too.
    expect(conversation!.messages.some((m) => m.author.type === 'system')).toBe(true);
    expect(conversation!.emails).toEqual([{ messageId: reply.body.id, to: 'grace@example.com', status: 'sent', sentAt: expect.any(String) }]);
    expect(doc.feedback.map((f) => [f.on, f.helpful]).sort()).toEqual([
      ['article', false],
      ['message', true],
    ]);
    expect(JSON.stringify(doc)).not.toMatch(/tokenHash|token_hash/);
  });

  it('is for owners and admins and contacts:read tokens; another account’s visitor is 404', async () => {
    const id = (await conversationRow(server, (await handedOff(server, 'pk_demo')).conversationId)).visitorId;
    await createAgent(server, { email: 'export-agent@example.com', role: 'agent' });
    expectError(await (await loginAs(server, 'export-agent@example.com')).get(`/v1/inbox/contacts/${id}/export`), 403, 'forbidden');
    const token = (await owner.post<CreatedApiToken>('/v1/inbox/api-tokens', { name: 'DSAR', scopes: ['contacts:read'] })).body.token;
    const script = new InboxClient(server.url, null);
    expect((await script.request('GET', `/v1/inbox/contacts/${id}/export`, undefined, { authorization: `Bearer ${token}` })).status).toBe(200);
    const other = await createAccount(server, 'Export Elsewhere');
    await createAgent(server, { email: 'export-owner@other.example', role: 'owner', accountId: other.accountId });
    expectError(await (await loginAs(server, 'export-owner@other.example')).get(`/v1/inbox/contacts/${id}/export`), 404, 'not_found');
    expectError(await owner.get('/v1/inbox/contacts/v_nobody/export'), 404, 'not_found');
  });
});

describe('what the export covers', () => {
  it('names every table with a visitor or conversation column: exported, or left out with a reason', () => {
    const tables = (Object.values(schema).filter((t) => is(t, SQLiteTable)) as SQLiteTable[]).map((t) => getTableConfig(t));
    const holding = tables
      .filter((t) => t.name === 'visitors' || t.columns.some((c) => c.name === 'visitorId' || c.name === 'conversationId'))
      .map((t) => t.name);
    const named = [...Object.keys(EXPORT_COVERAGE.exported), ...Object.keys(EXPORT_COVERAGE.left)];
    expect(holding.filter((t) => !named.includes(t))).toEqual([]);
    // And no name of a table that is not there (one renamed, or dropped).
    expect(named.filter((t) => !tables.some((table) => table.name === t))).toEqual([]);
  });
});
