import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArticleSearchResult, ContactExport, PublicArticle, Report, SearchGapList, SearchGapReview } from '@parley/protocol';
import { articles, helpSearches, helpSessions, sites } from '../src/db/tables';
import { createArticle } from '../src/kb/articles';
import { createAccount, createAgent, loginAs } from './helpers/agents';
import { expectError } from './helpers/errors';
import { startTestServer, type TestServer } from './helpers/test-server';
import { VisitorClient } from './helpers/visitor-client';

/*
 * The help center beyond reading (issue 15): tutorial videos that load nothing from their
 * provider before the click, "Still need help? Chat with us", and self-service measured —
 * visits, searches (those without a result join the questions the bot missed), deflection.
 */
let server: TestServer;
let site: { id: string; publicKey: string };
let owner: Awaited<ReturnType<typeof loginAs>>;
let ids: Record<string, string>;
const BROWSER = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0' };

beforeAll(async () => {
  server = await startTestServer();
  const account = await createAccount(server, 'Acme Measured', 'https://acme.example');
  site = account.site;
  owner = await loginAs(server, (await createAgent(server, { email: 'measured-owner@example.com', accountId: account.accountId, role: 'owner' })).email);
  const add = async (title: string, body: string) =>
    (await createArticle(server.deps.db, site.id, { title, body, phrasings: [], category: 'Guides', locale: null, status: 'published' })).id;
  ids = {
    video: await add('Setting up', 'Watch first:\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\nThen the second part:\n\nhttps://vimeo.com/76979871'),
    refunds: await add('Refunds', 'Refunds take five days.'),
  };
});
afterAll(() => server.stop());

const get = (path: string, headers: Record<string, string> = BROWSER) => fetch(`${server.url}/help/${site.publicKey}${path}`, { headers, redirect: 'manual' });
const articlePage = async (query = '', headers = BROWSER) => {
  const res = await get(`/articles/${ids.video}-setting-up${query}`, headers);
  return { res, html: await res.text() };
};
const sessionCookie = (res: Response) => /parley_help=(hs_[\w-]+)/.exec(res.headers.get('set-cookie') ?? '')?.[1];
const sessionsOfSite = () => server.deps.db.select().from(helpSessions).where(eq(helpSessions.siteId, site.id));

describe('tutorial videos in the help center', () => {
  it('shows a poster of our own that links to the player, loading nothing from the provider', async () => {
    const { res, html } = await articlePage();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain('frame-src https://www.youtube-nocookie.com https://player.vimeo.com;');
    expect(html).not.toMatch(/<iframe|<img|youtube|vimeo\.com\/7/);
    expect(html).toContain(`<a id="video-0" class="v" href="/help/${site.publicKey}/articles/${ids.video}-setting-up?play=0#video-0">Play the video (YouTube)</a>`);
    expect(html).toContain('>Play the video (Vimeo)</a>');
  });

  it('plays the video asked for, from YouTube’s no-cookie domain, in a sandboxed frame; the other stays a poster', async () => {
    const { html } = await articlePage('?play=0');
    expect(html).toMatch(/<iframe id="video-0" class="v" src="https:\/\/www\.youtube-nocookie\.com\/embed\/dQw4w9WgXcQ\?autoplay=1" title="Play the video \(YouTube\)"[^>]* sandbox="allow-scripts allow-same-origin allow-presentation allow-popups"/);
    expect(html).toContain('>Play the video (Vimeo)</a>');
    expect((await articlePage('?play=nonsense')).html).not.toContain('<iframe');
  });
});

describe('"Still need help? Chat with us"', () => {
  it('leads to the site’s page with the widget, which opens with the question and the help visit', async () => {
    const { res, html } = await articlePage();
    const visit = sessionCookie(res)!;
    const link = /Still need help\? <a href="([^"]+)">Chat with us<\/a>/.exec(html)![1]!.replaceAll('&amp;', '&');
    const url = new URL(link);
    expect(url.origin + url.pathname).toBe('https://acme.example/');
    expect(Object.fromEntries(new URLSearchParams(url.hash.slice(1)))).toEqual({ 'parley-ask': 'About: Setting up', 'parley-help': visit });
    const search = await (await get('/search?q=nothing+like+this')).text();
    expect(search).toContain('#parley-ask=nothing+like+this');
  });

  it('goes to the page the owner chose, and is left out when the site has no page to send anyone to', async () => {
    const db = server.deps.db;
    await db.update(sites).set({ settings: { helpCenter: { chatUrl: 'https://acme.example/support?x=1' } } }).where(eq(sites.id, site.id));
    expect((await articlePage()).html).toContain('href="https://acme.example/support?x=1#parley-ask=About');
    await db.update(sites).set({ settings: {}, allowedOrigins: ['https://*.acme.example'] }).where(eq(sites.id, site.id));
    expect((await articlePage()).html).not.toContain('Still need help?');
    await db.update(sites).set({ allowedOrigins: ['https://acme.example'] }).where(eq(sites.id, site.id));
  });
});

describe('self-service, measured', () => {
  it('counts a reader’s pages as one visit by a cookie of the help center’s own path; crawlers are not visits', async () => {
    const before = (await sessionsOfSite()).length;
    const first = await get('/');
    const visit = sessionCookie(first)!;
    expect(first.headers.get('set-cookie')).toMatch(new RegExp(`parley_help=${visit}; Max-Age=1800; Path=/help/${site.publicKey}; HttpOnly; SameSite=Lax`));
    const again = await get('/categories/guides', { ...BROWSER, cookie: `parley_help=${visit}` });
    expect(sessionCookie(again)).toBe(visit);
    const forged = await get('/', { ...BROWSER, cookie: 'parley_help=hs_not-a-session-of-ours-0' });
    expect(sessionCookie(forged)).not.toBe('hs_not-a-session-of-ours-0');
    const bot = await get('/', { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1)' });
    expect(bot.headers.get('set-cookie')).toBeNull();
    const rows = await sessionsOfSite();
    expect(rows.length).toBe(before + 2);
    expect(rows.find((r) => r.id === visit)).toMatchObject({ source: 'page', views: 2, visitorId: null, escalatedAt: null });
  });

  it('records the widget’s searches once as typed, in its visit; another site’s visit id records nothing', async () => {
    const visit = 'hs_widget-visit-000001';
    const search = (q: string, session = visit) =>
      fetch(`${server.url}/v1/widget/help/search?site=${site.publicKey}&session=${session}&q=${encodeURIComponent(q)}`).then((r) => r.json() as Promise<ArticleSearchResult>);
    for (const q of ['ref', 'refun', 'refunds']) await search(q);
    expect((await search('refunds')).articles.map((a) => a.title)).toEqual(['Refunds']);
    await search('parcel lost');
    const rows = await server.deps.db.select().from(helpSearches).where(eq(helpSearches.sessionId, visit));
    expect(rows.map((r) => [r.query, r.results])).toEqual([
      ['refunds', 1],
      ['parcel lost', 0],
    ]);
    const read = await fetch(`${server.url}/v1/widget/help/articles/${ids.refunds}?site=${site.publicKey}&session=${visit}`);
    expect(((await read.json()) as PublicArticle).title).toBe('Refunds');
    expect((await sessionsOfSite()).find((r) => r.id === visit)).toMatchObject({ source: 'widget', views: 1 });

    const rival = (await createAccount(server, 'Rival Measured')).site;
    await fetch(`${server.url}/v1/widget/help/search?site=${rival.publicKey}&session=${visit}&q=refunds`);
    expect((await server.deps.db.select().from(helpSearches).where(eq(helpSearches.siteId, rival.id))).length).toBe(0);
    const bad = await fetch(`${server.url}/v1/widget/help/search?site=${site.publicKey}&session=<script>&q=x`);
    expect(bad.status).toBe(400);
  });

  it('marks a visit that started a conversation, ties it to the visitor, and exports and erases its searches with them', async () => {
    const visit = 'hs_widget-visit-000002';
    await fetch(`${server.url}/v1/widget/help/search?site=${site.publicKey}&session=${visit}&q=${encodeURIComponent('where is my parcel')}`);
    const visitor = await VisitorClient.create(server.url, site.publicKey);
    const started = await visitor.request('POST', '/v1/widget/conversations', { clientId: 'c-help-1', helpSession: visit });
    expect(started.status).toBe(201);
    const row = (await sessionsOfSite()).find((r) => r.id === visit)!;
    expect(row.escalatedAt).toBeInstanceOf(Date);
    const visitorId = row.visitorId!;
    expect(visitorId).toMatch(/^v/);
    expectError(await visitor.request('POST', '/v1/widget/conversations', { clientId: 'c-help-2', helpSession: 'nope' }), 400, 'invalid_request');

    const exported = await owner.get<ContactExport>(`/v1/inbox/contacts/${visitorId}/export`);
    expect(exported.body.helpSearches.map((s) => [s.query, s.results])).toEqual([['where is my parcel', 0]]);
    expect((await owner.request('DELETE', `/v1/inbox/contacts/${visitorId}`)).status).toBe(200);
    expect((await sessionsOfSite()).find((r) => r.id === visit)).toBeUndefined();
    expect((await server.deps.db.select().from(helpSearches).where(eq(helpSearches.sessionId, visit))).length).toBe(0);
  });

  it('reports visits, deflection, searches and reads', async () => {
    const { body } = await owner.get<Report>(`/v1/inbox/reports?siteId=${site.id}`);
    const rows = await sessionsOfSite();
    const escalated = rows.filter((r) => r.escalatedAt).length;
    expect(body.selfService).toMatchObject({ sessions: rows.length, escalated, searchesWithoutResult: 2 });
    expect(body.selfService.deflectionRate).toBeCloseTo((rows.length - escalated) / rows.length);
    expect(body.selfService.searches).toBeGreaterThanOrEqual(3);
    expect(body.selfService.articles.map((a) => a.title)).toEqual(['Setting up', 'Refunds']);
    expect(body.selfService.articleViews).toBe(body.selfService.articles.reduce((n, a) => n + a.views, 0));
  });
});

describe('searches without a result, beside the questions the bot missed', () => {
  const base = () => `/v1/inbox/sites/${site.id}/kb-gaps/searches`;

  it('lists each query once with how often it was asked; adding it as a phrasing closes it', async () => {
    const { body } = await owner.get<SearchGapList>(base());
    expect(body.searches.map((s) => [s.query, s.searches])).toEqual([
      ['parcel lost', 1],
      ['nothing like this', 1],
    ]);
    const added = await owner.post<SearchGapReview>(base(), { action: 'add_phrasing', query: 'Parcel LOST', articleId: ids.refunds });
    expect(added.body).toMatchObject({ query: 'Parcel LOST', action: 'added', searches: 1 });
    expect(added.body.article!.phrasings).toEqual(['Parcel LOST']);
    const [article] = await server.deps.db.select().from(articles).where(eq(articles.id, ids.refunds!));
    expect(article!.phrasings).toEqual(['Parcel LOST']);
    expectError(await owner.post(base(), { action: 'dismiss', query: 'parcel lost' }), 404, 'not_found');
    expect((await owner.post<SearchGapReview>(base(), { action: 'dismiss', query: 'nothing like this' })).body.action).toBe('dismissed');
    expect((await owner.get<SearchGapList>(base())).body.searches).toEqual([]);
  });

  it('refuses bad input, agents and other accounts', async () => {
    expectError(await owner.post(base(), { action: 'add_phrasing', query: '' }), 400, 'invalid_request');
    expectError(await owner.post(base(), { action: 'shrug', query: 'x' }), 400, 'invalid_request');
    const agent = await loginAs(server, (await createAgent(server, { email: 'measured-agent@example.com', accountId: (await server.deps.db.select().from(sites).where(eq(sites.id, site.id)))[0]!.accountId, role: 'agent' })).email);
    expectError(await agent.get(base()), 403, 'forbidden');
    const rival = await createAccount(server, 'Rival Gaps');
    const rivalOwner = await loginAs(server, (await createAgent(server, { email: 'gaps-rival@example.com', accountId: rival.accountId, role: 'owner' })).email);
    expectError(await rivalOwner.get(base()), 404, 'not_found');
  });
});
