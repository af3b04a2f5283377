import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleFeedbackResult, ArticleSearchResult, ImportedArticle, PublicArticle } from '@parley/protocol';
import { newToken } from '../src/auth/tokens';
import { newId } from '../src/db/ids';
import { accounts, sites } from '../src/db/tables';
import { importArticles, listArticles } from '../src/kb/articles';
import { findSiteByKey } from '../src/sites/sites';
import { expectError } from './helpers/errors';
import { runCli } from './helpers/run-cli';
import { startTestServer, type TestServer } from './helpers/test-server';
import { VisitorClient } from './helpers/visitor-client';

let server: TestServer;
let demoSiteId: string;
let otherSiteId: string;

const faq: ImportedArticle[] = [
  {
    id: 'refunds',
    title: 'Refunds',
    phrasings: ['how do I get my money back', 'refund policy'],
    body: 'Refunds take **5 days**.',
    category: 'billing',
    locale: 'en',
    status: 'published',
  },
  {
    id: 'shipping',
    title: 'Shipping times',
    phrasings: ['when will my order arrive'],
    body: 'Orders ship within 2 days.',
    category: 'orders',
    locale: 'en',
    status: 'published',
  },
  {
    id: 'secret-plans',
    title: 'Refunds for VIPs (unreleased)',
    phrasings: ['vip refund'],
    body: 'DRAFT: VIPs get refunds instantly.',
    category: null,
    locale: null,
    status: 'draft',
  },
];

beforeAll(async () => {
  server = await startTestServer();
  const db = server.deps.db;
  demoSiteId = (await findSiteByKey(db, 'pk_demo'))!.id;
  const accountId = newId('acc');
  await db.insert(accounts).values({ id: accountId, name: 'Other' });
  otherSiteId = newId('site');
  await db
    .insert(sites)
    .values({ id: otherSiteId, accountId, name: 'Other', publicKey: 'pk_other', secret: newToken('sk'), allowedOrigins: ['https://other.example'] });
  await importArticles(db, demoSiteId, faq);
  await importArticles(db, otherSiteId, [
    { id: 'refunds', title: 'Other shop refunds', phrasings: [], body: 'Other site text', category: null, locale: null, status: 'published' },
  ]);
});
afterAll(() => server.stop());

const search = (c: VisitorClient, q: string, extra = '') => c.request<ArticleSearchResult>('GET', `/v1/widget/articles?q=${encodeURIComponent(q)}${extra}`);

describe('GET /v1/widget/articles', () => {
  it("finds the site's published articles by title, phrasing or body, best first", async () => {
    const v = await VisitorClient.create(server.url);
    const res = await search(v, 'money back refund');
    expect(res.status).toBe(200);
    expect(res.body.articles.map((a) => a.title)).toEqual(['Refunds']);
    expect(res.body.articles[0]?.snippet).toContain('Refunds take 5 days');
    expect((await search(v, 'arrive')).body.articles.map((a) => a.title)).toEqual(['Shipping times']);
  });

  it('works with ?site=KEY before a visitor exists, and matches a word being typed as a prefix', async () => {
    const anon = new VisitorClient(server.url);
    const res = await search(anon, 'delivery refu', '&site=pk_demo');
    expect(res.body.articles.map((a) => a.title)).toEqual(['Refunds']);
    expectError(await search(anon, 'refund', '&site=pk_nope'), 404, 'not_found');
    expectError(await search(anon, 'refund'), 401, 'unauthorized');
    expectError(
      await anon.request('GET', '/v1/widget/articles?q=refund&site=pk_demo', undefined, { origin: 'https://evil.example' }),
      403,
      'origin_not_allowed',
    );
  });

  it("never returns drafts or another site's articles", async () => {
    const v = await VisitorClient.create(server.url);
    const titles = (await search(v, 'vip refunds unreleased other shop')).body.articles.map((a) => a.title);
    expect(titles).toEqual(['Refunds']);
  });

  it('answers FTS5 syntax in visitor text with results or none, never an error', async () => {
    const v = await VisitorClient.create(server.url);
    const hostile = [
      '"refund',
      'refund*',
      '*',
      'NEAR(refund shipping',
      'refund AND',
      'AND',
      'OR OR',
      '-refund',
      'title:refund',
      'body : x',
      '((refund',
      'refund)',
      '"',
      '^refund',
      'NOT',
      '{title}: refund',
      "'; drop table articles; --",
      '🙂',
      '\u00a0',
      'a'.repeat(500),
    ];
    for (const q of hostile) {
      const res = await search(v, q);
      expect(res.status, q).toBe(200);
      expect(Array.isArray(res.body.articles)).toBe(true);
    }
    expect((await search(v, 'refund*')).body.articles[0]?.title).toBe('Refunds');
    expect((await search(v, 'NEAR(refund')).body.articles[0]?.title).toBe('Refunds');
  });

  it('refuses a bad query string with 400', async () => {
    const v = await VisitorClient.create(server.url);
    expectError(await v.request('GET', '/v1/widget/articles?q=x&limit=0'), 400, 'invalid_request');
    expectError(await v.request('GET', '/v1/widget/articles?q=x&limit=abc'), 400, 'invalid_request');
    expectError(await v.request('GET', `/v1/widget/articles?q=${'x'.repeat(501)}`), 400, 'invalid_request');
  });
});

describe('GET /v1/widget/articles/:id', () => {
  const idOf = async (slug: string, siteId = demoSiteId) => (await listArticles(server.deps.db, siteId)).find((a) => a.slug === slug)!.id;

  it('returns a published article and counts the view', async () => {
    const v = await VisitorClient.create(server.url);
    const id = await idOf('refunds');
    const res = await v.request<PublicArticle>('GET', `/v1/widget/articles/${id}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, title: 'Refunds', body: 'Refunds take **5 days**.', category: 'billing' });
    expect((await listArticles(server.deps.db, demoSiteId)).find((a) => a.id === id)!.views).toBeGreaterThan(0);
  });

  it("answers 404 for a draft and for another site's article", async () => {
    const v = await VisitorClient.create(server.url);
    expectError(await v.request('GET', `/v1/widget/articles/${await idOf('secret-plans')}`), 404, 'not_found');
    expectError(await v.request('GET', `/v1/widget/articles/${await idOf('refunds', otherSiteId)}`), 404, 'not_found');
    expectError(await v.request('GET', `/v1/widget/articles/${'x'.repeat(65)}`), 400, 'invalid_request');
  });
});

describe('POST /v1/widget/articles/:id/feedback', () => {
  it('counts each visitor once, and moves the vote when they change their mind', async () => {
    const id = (await listArticles(server.deps.db, demoSiteId)).find((a) => a.slug === 'shipping')!.id;
    const counts = async () => {
      const a = (await listArticles(server.deps.db, demoSiteId)).find((r) => r.id === id)!;
      return [a.helpful, a.notHelpful];
    };
    const a = await VisitorClient.create(server.url);
    const b = await VisitorClient.create(server.url);
    const vote = (v: VisitorClient, helpful: unknown) => v.request<ArticleFeedbackResult>('POST', `/v1/widget/articles/${id}/feedback`, { helpful });
    expect((await vote(a, true)).body).toEqual({ helpful: true, counted: true });
    expect((await vote(a, true)).body).toEqual({ helpful: true, counted: false });
    expect(await counts()).toEqual([1, 0]);
    await vote(b, false);
    expect(await counts()).toEqual([1, 1]);
    await vote(a, false);
    expect(await counts()).toEqual([0, 2]);
    expectError(await vote(a, 'yes'), 400, 'invalid_request');
    expectError(await new VisitorClient(server.url).request('POST', `/v1/widget/articles/${id}/feedback`, { helpful: true }), 401, 'unauthorized');
  });
});

describe('pnpm parley kb import / export', () => {
  it("imports JSON, CSV and a Markdown folder into the running server's database, then exports them", async () => {
    const dir = join(server.testDb.dir, 'kb');
    mkdirSync(join(dir, 'md'), { recursive: true });
    writeFileSync(join(dir, 'faq.json'), JSON.stringify([{ id: 'warranty', title: 'Warranty', phrasings: ['is it guaranteed'], body: 'Two years.' }]));
    writeFileSync(join(dir, 'kb.csv'), 'id,title,phrasings,body\nreturns,Returns,"send it back|return an item",Within 30 days.\n');
    writeFileSync(join(dir, 'md', 'gift-cards.md'), '---\ntitle: Gift cards\nphrasings: [buy a gift card]\n---\nSold online.\n');
    const env = server.testDb.env;
    for (const file of ['faq.json', 'kb.csv', 'md']) {
      const r = await runCli(['kb', 'import', '--site', 'pk_demo', join(dir, file)], env);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Imported 1 articles into pk_demo: 1 created, 0 updated/);
    }
    const v = await VisitorClient.create(server.url);
    for (const [q, title] of [
      ['guaranteed', 'Warranty'],
      ['send back', 'Returns'],
      ['gift', 'Gift cards'],
    ]) {
      expect((await search(v, q!)).body.articles[0]?.title).toBe(title);
    }
    const again = await runCli(['kb', 'import', '--site', 'pk_demo', join(dir, 'faq.json')], env);
    expect(again.stdout).toMatch(/0 created, 1 updated/);

    const out = await runCli(['kb', 'export', '--site', 'pk_demo'], env);
    expect(out.code).toBe(0);
    const exported = JSON.parse(out.stdout) as ImportedArticle[];
    expect(exported.map((a) => a.id)).toEqual(['refunds', 'shipping', 'secret-plans', 'warranty', 'returns', 'gift-cards']);
    expect(exported.find((a) => a.id === 'secret-plans')?.status).toBe('draft');
  });

  it('explains a bad file, a missing site or a missing argument with a non-zero exit', async () => {
    const dir = join(server.testDb.dir, 'bad');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'bad.json'), '[{"id":"x"}]');
    const env = server.testDb.env;
    const bad = await runCli(['kb', 'import', '--site', 'pk_demo', join(dir, 'bad.json')], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.json: entry 0\.title/);
    expect((await runCli(['kb', 'import', '--site', 'pk_nope', join(dir, 'bad.json')], env)).code).toBe(2);
    expect((await runCli(['kb', 'import', '--site', 'pk_demo'], env)).code).toBe(2);
    expect((await runCli(['kb', 'import', '--site', 'pk_demo', join(dir, 'nothing.json')], env)).stderr).toMatch(/no such file/);
  });
});
