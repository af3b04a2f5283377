import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, is, Table } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, ContactErased, Report } from '@parley/protocol';
import * as tables from '../src/db/tables';
import { createAccount, createAgent, loginAs } from './helpers/agents';
import { expectError } from './helpers/errors';
import { conversationRow, eventually, handedOff } from './helpers/handoff';
import { InboxClient } from './helpers/inbox-client';
import { testEngine } from './helpers/test-db';
import { startTestServer, type TestServer } from './helpers/test-server';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/webhook-receiver';

/*
 * Erasing a contact (issue 18): a unique token planted everywhere a visitor's data goes — their
 * name, email, attributes, messages, a private note, the search index, a webhook delivery, the
 * mails in the outbox folder — is found nowhere afterwards: in no row, and (SQLite) not in the
 * raw bytes of the database file, its WAL or the data folder. Reports keep their counts.
 */
let server: TestServer;
let owner: Awaited<ReturnType<typeof InboxClient.login>>;
let receiver: WebhookReceiver;
const outbox = mkdtempSync(join(tmpdir(), 'parley-outbox-'));
beforeAll(async () => {
  receiver = await startWebhookReceiver();
  server = await startTestServer({ PARLEY_OUTBOX_DIR: outbox, PARLEY_WEBHOOK_ALLOW_PRIVATE: '1', PARLEY_WEBHOOK_RETRY_SECONDS: '1' });
  owner = await InboxClient.login(server.url);
});
afterAll(async () => {
  await server.stop();
  await receiver.close();
  rmSync(outbox, { recursive: true, force: true });
});

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
/** Every file of the data folder (the database, its WAL and shared memory) and the mail outbox that holds `needle`. */
const filesHolding = (needle: string) => [...files(server.testDb.dir), ...files(outbox)].filter((f) => readFileSync(f).includes(needle));
/** Every row of every table, as JSON, that holds `needle`. */
async function rowsHolding(needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const [name, table] of Object.entries(tables))
    if (is(table, Table)) for (const row of await server.deps.db.select().from(table as typeof tables.visitors)) if (JSON.stringify(row).includes(needle)) found.push(name);
  return found;
}

/** A visitor whose data carries `token` in every place it can go, with a resolved conversation mailed to them. */
async function plantedVisitor(token: string) {
  const email = `${token}@example.com`;
  const { visitor, conversationId } = await handedOff(server, 'pk_demo', { email, text: `My order ${token} never came` });
  await visitor.request('PATCH', '/v1/widget/visitor', { name: `Ada ${token}`, attributes: { plan: `pro-${token}` } });
  await owner.post(`/v1/inbox/conversations/${conversationId}/messages`, { clientId: `note-${token}`, body: `Note: ${token} is a VIP`, internal: true });
  await owner.post(`/v1/inbox/conversations/${conversationId}/messages`, { clientId: `reply-${token}`, body: `We found order ${token}.` });
  await owner.request('PATCH', `/v1/inbox/conversations/${conversationId}`, { status: 'resolved' });
  await visitor.request('POST', `/v1/widget/conversations/${conversationId}/rating`, { rating: 2, comment: `slow ${token}` });
  expect((await visitor.request('POST', `/v1/widget/conversations/${conversationId}/transcript`, {})).status).toBe(200);
  const visitorId = (await conversationRow(server, conversationId)).visitorId;
  return { visitor, visitorId, conversationId };
}

describe('DELETE /v1/inbox/contacts/:id', () => {
  it('erases the visitor and everything about them: no row, no search hit, no byte in the files; reports keep their counts', async () => {
    const token = `zqx${Math.random().toString(36).slice(2, 10)}`;
    const hook = await receiver.register(owner, ['message.created', 'contact.erased']);
    const before = (await owner.request<Report>('GET', '/v1/inbox/reports?days=7')).body.totals.conversations;
    const { visitor, visitorId, conversationId } = await plantedVisitor(token);
    await eventually(() => receiver.on(hook.path).some((r) => r.body.includes(token)), 'a webhook delivery with the token');
    await eventually(() => files(outbox).length >= 1 && filesHolding(token).length > 0, 'the transcript in the outbox folder');
    const search = await owner.request<{ conversations: unknown[] }>('GET', `/v1/inbox/conversations?q=${token}`);
    expect(search.body.conversations).toHaveLength(1);
    expect(await rowsHolding(token)).toEqual(expect.arrayContaining(['visitors', 'messages', 'events', 'webhookDeliveries']));
    // The byte check can see the token where it lies: in the database's files until the erasure.
    if (testEngine === 'sqlite') expect(filesHolding(token).some((f) => /parley\.db(-wal)?$/.test(f))).toBe(true);

    const res = await owner.request<ContactErased>('DELETE', `/v1/inbox/contacts/${visitorId}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ visitorId, conversations: 1 });

    expect(await rowsHolding(token)).toEqual([]);
    // Only the erasure's own records name the visitor's id: the audit entry, the contact.erased event and its delivery.
    expect(await rowsHolding(visitorId)).toEqual(expect.arrayContaining(['auditLog', 'events']));
    expect(new Set([...(await rowsHolding(visitorId)), 'auditLog', 'events', 'webhookDeliveries']).size).toBe(3);
    expect((await owner.request<{ conversations: unknown[] }>('GET', `/v1/inbox/conversations?q=${token}`)).body.conversations).toEqual([]);
    if (testEngine === 'sqlite') expect(filesHolding(token)).toEqual([]);
    else expect(files(outbox).filter((f) => readFileSync(f).includes(token))).toEqual([]);
    // Their token is gone with them; the site's numbers are not.
    expect((await visitor.request('GET', '/v1/widget/visitor')).status).toBe(401);
    expect((await owner.request<Report>('GET', '/v1/inbox/reports?days=7')).body.totals.conversations).toBe(before + 1);
    expectError(await owner.request('GET', `/v1/inbox/conversations/${conversationId}`), 404, 'not_found');
    // Receivers are told, with ids only.
    const erased = await eventually(() => receiver.on(hook.path).find((r) => r.json.type === 'contact.erased'), 'contact.erased delivered');
    expect(erased.json.data).toEqual({ visitorId, conversationIds: [conversationId] });
    // The audit log says who erased which visitor, and nothing about them.
    const entry = (await owner.request<AuditPage>('GET', '/v1/inbox/audit?action=contact.erase')).body.entries[0]!;
    expect(entry).toMatchObject({ action: 'contact.erase', target: visitorId, agent: { id: owner.me.id }, details: { by: 'agent', conversations: 1 } });
    expect(JSON.stringify(entry)).not.toContain(token);
  });

  it('is for owners and admins; another account’s visitor, or none, is 404', async () => {
    const { conversationId } = await handedOff(server, 'pk_demo');
    const visitorId = (await conversationRow(server, conversationId)).visitorId;
    await createAgent(server, { email: 'erase-agent@example.com', role: 'agent' });
    expectError(await (await loginAs(server, 'erase-agent@example.com')).request('DELETE', `/v1/inbox/contacts/${visitorId}`), 403, 'forbidden');
    const { accountId } = await createAccount(server, 'Elsewhere');
    await createAgent(server, { email: 'erase-other@example.com', accountId, role: 'owner' });
    expectError(await (await loginAs(server, 'erase-other@example.com')).request('DELETE', `/v1/inbox/contacts/${visitorId}`), 404, 'not_found');
    expectError(await owner.request('DELETE', '/v1/inbox/contacts/v_nobody'), 404, 'not_found');
    expect((await conversationRow(server, conversationId)).visitorId).toBe(visitorId);
  });
});

describe('the visitor erases themselves: DELETE /v1/widget/visitor', () => {
  it('erases them and their conversations; their token stops working; the audit names no agent', async () => {
    const token = `zqv${Math.random().toString(36).slice(2, 10)}`;
    const { visitor, visitorId, conversationId } = await plantedVisitor(token);
    expect((await visitor.request('DELETE', '/v1/widget/visitor')).status).toBe(204);
    expect(await rowsHolding(token)).toEqual([]);
    if (testEngine === 'sqlite') expect(filesHolding(token)).toEqual([]);
    expect((await visitor.request('GET', `/v1/widget/conversations/${conversationId}/messages`)).status).toBe(401);
    expect((await visitor.request('DELETE', '/v1/widget/visitor')).status).toBe(401);
    const entry = (await owner.request<AuditPage>('GET', '/v1/inbox/audit?action=contact.erase')).body.entries[0]!;
    expect(entry).toMatchObject({ target: visitorId, agent: null, details: { by: 'visitor', conversations: 1 } });
    expect((await server.deps.db.select().from(tables.erasedConversations).where(eq(tables.erasedConversations.status, 'resolved'))).length).toBeGreaterThan(0);
  });
});
