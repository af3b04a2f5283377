import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article, ArticleList, ArticleSearchResult, ErrorBody, ImportResult } from '@parley/protocol';
import { demoSite, signInTeam } from './helpers/agents';
import { expectError } from './helpers/errors';
import { InboxClient } from './helpers/inbox-client';
import { startTestServer, type TestServer } from './helpers/test-server';
import { stallsDuring } from './helpers/timing';
import { VisitorClient } from './helpers/visitor-client';

let server: TestServer;
let team: Awaited<ReturnType<typeof signInTeam>>;
let base: string;

beforeAll(async () => {
  server = await startTestServer();
  team = await signInTeam(server, 'kb');
  base = `/v1/inbox/sites/${(await demoSite(server)).id}/articles`;
});
afterAll(() => server.stop());

const visitorSearch = async (q: string) =>
  (await new VisitorClient(server.url).request<ArticleSearchResult>('GET', `/v1/widget/articles?site=pk_demo&q=${encodeURIComponent(q)}`)).body.articles.map(
    (a) => a.title,
  );

describe('/v1/inbox/sites/:siteId/articles', () => {
  it('creates a draft, edits it, publishes it for visitors, unpublishes and deletes it', async () => {
    const created = await team.admin.post<Article>(base, {
      title: 'Loyalty points',
      body: 'Points expire after **a year**.',
      phrasings: ['do my points expire'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', title: 'Loyalty points', slug: created.body.id, views: 0 });
    expect(await visitorSearch('loyalty points')).toEqual([]);

    const edited = await team.admin.patch<Article>(`${base}/${created.body.id}`, { title: 'Loyalty points and rewards', category: 'rewards' });
    expect(edited.body).toMatchObject({ title: 'Loyalty points and rewards', category: 'rewards', status: 'draft' });
    expect((await team.owner.post<Article>(`${base}/${created.body.id}/publish`)).body.status).toBe('published');
    expect(await visitorSearch('loyalty points')).toEqual(['Loyalty points and rewards']);

    expect((await team.admin.post<Article>(`${base}/${created.body.id}/unpublish`)).body.status).toBe('draft');
    expect(await visitorSearch('loyalty points')).toEqual([]);
    expect((await team.admin.delete(`${base}/${created.body.id}`)).status).toBe(204);
    expectError(await team.admin.get(`${base}/${created.body.id}`), 404, 'not_found');
  });

  it('imports JSON, CSV and Markdown, updates by id on re-import, and exports the import format', async () => {
    const json = await team.admin.post<ImportResult>(`${base}/import`, {
      format: 'json',
      articles: [{ id: 'returns', title: 'Returns', phrasings: ['send it back'], body: '30 days.' }],
    });
    expect(json.body).toEqual({ created: 1, updated: 0 });
    const csv = await team.admin.post<ImportResult>(`${base}/import`, {
      format: 'csv',
      text: 'id,title,phrasings\nreturns,Returns and exchanges,swap an item|send it back\nhours,Opening hours,\n',
    });
    expect(csv.body).toEqual({ created: 1, updated: 1 });
    const md = await team.admin.post<ImportResult>(`${base}/import`, {
      format: 'markdown',
      files: [{ name: 'gift.md', text: '# Gift wrap\n\nFree at checkout.' }],
    });
    expect(md.body).toEqual({ created: 1, updated: 0 });
    const list = (await team.agent.get<ArticleList>(base)).body.articles;
    expect(list.map((a) => [a.slug, a.title, a.status])).toEqual([
      ['returns', 'Returns and exchanges', 'published'],
      ['hours', 'Opening hours', 'published'],
      ['gift', 'Gift wrap', 'published'],
    ]);
    const exported = await team.admin.get<unknown[]>(`${base}/export`);
    expect(exported.headers.get('content-disposition')).toMatch(/attachment/);
    expect(exported.body).toHaveLength(3);
  });

  it('refuses bad bodies and bad files with 400, a duplicate slug with 409', async () => {
    expectError(await team.admin.post(base, { title: '' }), 400, 'invalid_request');
    expectError(await team.admin.post(base, { title: 'x', status: 'live' }), 400, 'invalid_request');
    expectError(await team.admin.post(base, { title: 'x', body: 'bad \u0007 bell' }), 400, 'invalid_request');
    expectError(await team.admin.patch(`${base}/art_nope`, {}), 400, 'invalid_request');
    expectError(await team.admin.post(`${base}/import`, { format: 'xml', text: '<x/>' }), 400, 'invalid_request');
    const bad = await team.admin.post<ErrorBody>(`${base}/import`, { format: 'json', articles: [{ id: 'a', title: 'A' }, { id: 'b' }] });
    expectError(bad, 400, 'invalid_request');
    expect(bad.body.error.message).toMatch(/entry 1\.title/);
    expectError(
      await team.admin.post(`${base}/import`, {
        format: 'json',
        articles: [
          { id: 'a', title: 'A' },
          { id: 'a', title: 'B' },
        ],
      }),
      400,
      'invalid_request',
    );
    expectError(await team.admin.post(`${base}/import`, { format: 'markdown', files: [{ name: 'x.md', text: '---\nt: [\n---\n' }] }), 400, 'invalid_request');
    await team.admin.post(base, { title: 'One', slug: 'dup-slug' });
    expectError(await team.admin.post(base, { title: 'Two', slug: 'dup-slug' }), 409, 'conflict');
  });

  it('imports a body over 64 KiB, refuses one over 5 MiB, and keeps 64 KiB on the other routes', async () => {
    const articles = Array.from({ length: 300 }, (_, i) => ({
      id: `bulk-${i}`,
      title: `Bulk article ${i}`,
      phrasings: [`bulk question ${i}`],
      body: `Answer ${i}. ${'Lorem ipsum dolor sit amet. '.repeat(10)}`,
    }));
    expect(JSON.stringify({ format: 'json', articles }).length).toBeGreaterThan(64 * 1024);
    const big = await team.admin.post<ImportResult>(`${base}/import`, { format: 'json', articles });
    expect(big.status, JSON.stringify(big.body)).toBe(200);
    expect(big.body).toEqual({ created: 300, updated: 0 });

    expectError(await team.admin.post(`${base}/import`, { format: 'csv', text: `id,title\n${'a,b\n'.repeat(1_400_000)}` }), 413, 'payload_too_large');
    expectError(await team.admin.post(base, { title: 'Too long', body: 'x'.repeat(70_000) }), 413, 'payload_too_large');
    const first = (await team.admin.get<ArticleList>(base)).body.articles.find((a) => a.slug === 'bulk-0')!;
    expectError(await team.admin.patch(`${base}/${first.id}`, { body: 'x'.repeat(70_000) }), 413, 'payload_too_large');
    expect((await team.admin.get<Article>(`${base}/${first.id}`)).body.body).toMatch(/^Answer 0\./);
  });

  it('lets agents read, only owners and admins write, and nobody reach another account', async () => {
    const id = (await team.admin.post<Article>(base, { title: 'Agents read me' })).body.id;
    expect((await team.agent.get(`${base}/${id}`)).status).toBe(200);
    expectError(await team.agent.post(base, { title: 'nope' }), 403, 'forbidden');
    expectError(await team.agent.patch(`${base}/${id}`, { title: 'nope' }), 403, 'forbidden');
    expectError(await team.agent.post(`${base}/${id}/publish`), 403, 'forbidden');
    expectError(await team.agent.delete(`${base}/${id}`), 403, 'forbidden');
    expectError(await team.agent.post(`${base}/import`, { format: 'csv', text: 'id,title\na,b\n' }), 403, 'forbidden');
    expectError(await team.rival.get(base), 404, 'not_found');
    expectError(await team.rival.get(`${base}/${id}`), 404, 'not_found');
    expectError(await team.rival.delete(`${base}/${id}`), 404, 'not_found');
    expectError(await new InboxClient(server.url).get(base), 401, 'unauthorized');
  });
});

describe('a big import', () => {
  it("lets other requests run while it writes: the longest stall is a small part of the import's time", async () => {
    const articles = Array.from({ length: 3000 }, (_, i) => ({
      id: `big-import-${i}`,
      title: `Bulk article ${i}`,
      phrasings: [`bulk question ${i}`, `another way to ask ${i}`],
      body: 'A paragraph of help text. '.repeat(12),
    }));
    const { result, totalMs, longestStallMs } = await stallsDuring(() => team.admin.post<ImportResult>(`${base}/import`, { format: 'json', articles }));
    expect(result.body).toEqual({ created: 3000, updated: 0 });
    // In one transaction the event loop stood still for the whole import.
    expect(longestStallMs).toBeLessThan(totalMs / 5);
  });
});
