import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedApiToken, KbCategory, KbCategoryList } from '@parley/protocol';
import { articles } from '../src/db/tables';
import { createArticle } from '../src/kb/articles';
import { createAccount, createAgent, loginAs } from './helpers/agents';
import { expectError } from './helpers/errors';
import { startTestServer, type TestServer } from './helpers/test-server';

/*
 * Help-center categories (issue 15): first-class per site — made from the names articles
 * already use, created, renamed (the articles follow), described, ordered, deleted — for
 * owners and admins; agents read them.
 */
let server: TestServer;
let owner: Awaited<ReturnType<typeof loginAs>>;
let site: { id: string };
let base: string;
beforeAll(async () => {
  server = await startTestServer();
  const account = await createAccount(server, 'Categorised');
  site = account.site;
  base = `/v1/inbox/sites/${site.id}/categories`;
  owner = await loginAs(server, (await createAgent(server, { email: 'cat-owner@example.com', accountId: account.accountId, role: 'owner' })).email);
  const add = (title: string, category: string | null, status: 'draft' | 'published' = 'published') =>
    createArticle(server.deps.db, site.id, { title, body: '', phrasings: [], category, locale: null, status });
  await add('Refunds', 'Billing');
  await add('Invoices', 'Billing', 'draft');
  await add('Tracking', 'Shipping & Delivery');
  await add('Hello', null);
});
afterAll(() => server.stop());

const list = async () => (await owner.get<KbCategoryList>(base)).body.categories;
const categoryOf = async (title: string) => (await server.deps.db.select().from(articles).where(eq(articles.title, title)))[0]!.category;

describe('/v1/inbox/sites/:siteId/categories', () => {
  it('lists the categories the articles name, with slugs made from their names and their counts', async () => {
    expect((await list()).map((c) => [c.name, c.slug, c.articles, c.published])).toEqual([
      ['Billing', 'billing', 2, 1],
      ['Shipping & Delivery', 'shipping-delivery', 1, 1],
    ]);
  });

  it('creates, renames (moving its articles), describes, orders and deletes a category', async () => {
    const created = await owner.post<KbCategory>(base, { name: 'Accounts', description: 'Sign-in and passwords' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Accounts', slug: 'accounts', description: 'Sign-in and passwords', position: 2, articles: 0 });
    expectError(await owner.post(base, { name: 'Accounts' }), 409, 'conflict');
    expectError(await owner.post(base, { name: 'Other', slug: 'billing' }), 409, 'conflict');
    expectError(await owner.post(base, { name: 'Bad', slug: 'Not A Slug!' }), 400, 'invalid_request');
    expectError(await owner.post(base, { name: '' }), 400, 'invalid_request');

    const billing = (await list()).find((c) => c.name === 'Billing')!;
    const renamed = await owner.patch<KbCategory>(`${base}/${billing.id}`, { name: 'Payments', slug: 'payments' });
    expect(renamed.body).toMatchObject({ name: 'Payments', slug: 'payments', articles: 2 });
    expect(await categoryOf('Refunds')).toBe('Payments');
    expectError(await owner.patch(`${base}/${billing.id}`, { name: 'Accounts' }), 409, 'conflict');
    expectError(await owner.patch(`${base}/${billing.id}`, {}), 400, 'invalid_request');

    const ids = (await list()).map((c) => c.id).reverse();
    const ordered = await owner.request<KbCategoryList>('PUT', `${base}/order`, { ids });
    expect(ordered.body.categories.map((c) => c.id)).toEqual(ids);
    expectError(await owner.request('PUT', `${base}/order`, { ids: [...ids, 'cat_elsewhere'] }), 400, 'invalid_request');
    expectError(await owner.request('PUT', `${base}/order`, { ids: [ids[0], ids[0]] }), 400, 'invalid_request');

    const payments = (await list()).find((c) => c.name === 'Payments')!;
    const [refunds, invoices] = await Promise.all(['Refunds', 'Invoices'].map(async (t) => (await server.deps.db.select().from(articles).where(eq(articles.title, t)))[0]!.id));
    expect((await owner.request('PUT', `${base}/${payments.id}/order`, { ids: [invoices, refunds] })).status).toBe(204);
    expect((await server.deps.db.select().from(articles).where(eq(articles.id, invoices!)))[0]!.position).toBe(0);
    const tracking = (await server.deps.db.select().from(articles).where(eq(articles.title, 'Tracking')))[0]!.id;
    expectError(await owner.request('PUT', `${base}/${payments.id}/order`, { ids: [tracking] }), 400, 'invalid_request');

    expect((await owner.request('DELETE', `${base}/${payments.id}`)).status).toBe(204);
    expect(await categoryOf('Refunds')).toBeNull();
    expect((await list()).map((c) => c.name)).not.toContain('Payments');
    expectError(await owner.request('DELETE', `${base}/${payments.id}`), 404, 'not_found');
  });

  it('is read by every agent and changed by owners and admins; another account’s site is 404; tokens need kb scopes', async () => {
    const agent = await loginAs(server, (await createAgent(server, { email: 'cat-agent@example.com', accountId: (await createAccount(server, 'x')).accountId, role: 'agent' })).email);
    expectError(await agent.get(base), 404, 'not_found');
    const colleague = await createAgent(server, { email: 'cat-colleague@example.com', accountId: (await owner.get<{ accountId: string }>('/v1/inbox/auth/me')).body.accountId, role: 'agent' });
    const reader = await loginAs(server, colleague.email);
    expect((await reader.get(base)).status).toBe(200);
    expectError(await reader.post(base, { name: 'Nope' }), 403, 'forbidden');
    const token = (await owner.post<CreatedApiToken>('/v1/inbox/api-tokens', { name: 'kb reader', scopes: ['kb:read'] })).body.token;
    const withToken = (method: string, body?: unknown) =>
      fetch(`${server.url}${base}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    expect((await withToken('GET')).status).toBe(200);
    expect((await withToken('POST', { name: 'Via token' })).status).toBe(403);
  });
});
