import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HelpCategoryPage, HelpHome, WidgetConfig } from '@parley/protocol';
import { articles, articleViews, sites } from '../src/db/tables';
import { createArticle } from '../src/kb/articles';
import { orderArticles } from '../src/kb/categories';
import { listCategories } from '../src/kb/categories';
import { createAccount } from './helpers/agents';
import { startTestServer, type TestServer } from './helpers/test-server';

/*
 * The public help center (issue 15): server-rendered pages for each site's published
 * articles — status, escaping of everything an owner wrote, drafts hidden, the language
 * chosen, the sitemap — read without JavaScript.
 */
let server: TestServer;
let site: { id: string; publicKey: string };
let ids: Record<string, string>;
const HOSTILE = '<img src=x onerror=alert(1)>';

beforeAll(async () => {
  server = await startTestServer();
  site = (await createAccount(server, 'Acme Help')).site;
  const db = server.deps.db;
  await db
    .update(sites)
    .set({ settings: { theme: { color: '#aa3355' }, locale: 'en', texts: { privacyUrl: 'https://acme.example/privacy' } } })
    .where(eq(sites.id, site.id));
  const add = async (title: string, extra: Partial<Parameters<typeof createArticle>[2]>) =>
    (await createArticle(db, site.id, { title, body: '', phrasings: [], category: null, locale: 'en', status: 'published', ...extra })).id;
  ids = {
    refunds: await add('Refunds', { category: 'Billing', body: '**Five days**, by card.\n\n<script>alert(1)</script>' }),
    invoices: await add('Invoices', { category: 'Billing', body: 'Under Account.' }),
    hostile: await add(`Evil ${HOSTILE}`, { category: `Tricks <b>bold</b>`, body: `[x](javascript:alert(1)) ${HOSTILE}` }),
    shipping: await add('Shipping times', { category: 'Shipping', locale: null, body: 'Two to four days.' }),
    draft: await add('Secret plans', { category: 'Billing', status: 'draft', body: 'Not yet.' }),
    reembolsos: await add('Reembolsos', { category: 'Facturación', locale: 'es', body: 'Cinco días.' }),
    arabic: await add('الاسترداد', { category: 'الفواتير', locale: 'ar', body: 'خمسة أيام.' }),
  };
});
afterAll(() => server.stop());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}/help/${site.publicKey}${path}`, { headers, redirect: 'manual' });
const page = async (path: string, headers: Record<string, string> = {}) => {
  const res = await get(path, headers);
  return { res, html: await res.text() };
};

describe('the help center', () => {
  it('serves the home page: categories with counts, popular articles, in the site’s colour, under a strict CSP', async () => {
    const { res, html } = await page('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+';/);
    expect(csp).not.toMatch(/script-src|unsafe-inline/);
    expect(html).toMatch(/^<!doctype html><html lang="en" dir="ltr">/);
    expect(html).toContain('<title>Acme Help Help Center</title>');
    expect(html).toContain('--c:#aa3355');
    expect(html).toContain(`<link rel="canonical" href="${new URL(server.deps.config.PUBLIC_URL).origin}/help/${site.publicKey}/"`);
    expect(html).toMatch(/hreflang="es" href="[^"]*\?lang=es"/);
    expect(html).toContain('Billing');
    expect(html).toContain('2 articles');
    expect(html).toContain('href="https://acme.example/privacy"');
    expect(html).not.toContain('Secret plans');
    expect(html).not.toContain('Reembolsos');
    expect(html).not.toContain('<script');
  });

  it('escapes everything an owner wrote: titles, bodies, category names; a script link is text', async () => {
    const home = (await page('/')).html;
    expect(home).not.toContain(HOSTILE);
    expect(home).not.toContain('<b>bold</b>');
    expect(home).toContain('Tricks &lt;b&gt;bold&lt;/b&gt;');
    const cat = (await listCategories(server.deps.db, site.id)).find((c) => c.name.startsWith('Tricks'))!;
    expect(cat.slug).toBe('tricks-b-bold-b');
    const article = (await page(`/articles/${ids.hostile}`, {})).res;
    const { html } = await page(new URL(article.headers.get('location')!, server.url).pathname.replace(`/help/${site.publicKey}`, ''));
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('&#60;img src=x onerror=alert(1)&#62;');
  });

  it('shows an article with its category, related articles and a feedback form that works without JavaScript', async () => {
    const { res, html } = await page(`/articles/${ids.refunds}-refunds`);
    expect(res.status).toBe(200);
    expect(html).toContain('<h1>Refunds</h1>');
    expect(html).toContain('<strong>Five days</strong>');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain(`href="/help/${site.publicKey}/categories/billing"`);
    expect(html).toContain('Invoices');
    expect(html).not.toContain('Secret plans');
    expect(html).toMatch(/<meta name="description" content="Five days, by card\./);
    const [row] = await server.deps.db.select().from(articleViews).where(eq(articleViews.articleId, ids.refunds!));
    expect(row?.views).toBeGreaterThanOrEqual(1);

    const vote = await fetch(`${server.url}/help/${site.publicKey}/articles/${ids.refunds}/feedback`, {
      method: 'POST',
      body: new URLSearchParams({ helpful: 'yes' }),
      redirect: 'manual',
    });
    expect(vote.status).toBe(303);
    expect(vote.headers.get('location')).toBe(`/help/${site.publicKey}/articles/${ids.refunds}-refunds?feedback=thanks#feedback`);
    expect((await page(`/articles/${ids.refunds}-refunds?feedback=thanks`)).html).toContain('Thanks for your feedback!');
    expect((await server.deps.db.select().from(articles).where(eq(articles.id, ids.refunds!)))[0]!.helpful).toBe(1);
    const bad = await fetch(`${server.url}/help/${site.publicKey}/articles/${ids.refunds}/feedback`, { method: 'POST', body: new URLSearchParams({ helpful: 'maybe' }) });
    expect(bad.status).toBe(400);
  });

  it('sends an old or missing slug to the article’s one address; drafts, other sites’ articles and unknown pages are 404 pages', async () => {
    const moved = await get(`/articles/${ids.refunds}-old-title`);
    expect(moved.status).toBe(301);
    expect(moved.headers.get('location')).toBe(`/help/${site.publicKey}/articles/${ids.refunds}-refunds`);
    for (const path of [`/articles/${ids.draft}`, '/articles/art_nope', '/articles/whatever', '/categories/nope']) {
      const { res, html } = await page(path);
      expect(res.status, path).toBe(404);
      expect(html).toContain('This page does not exist.');
    }
    const demoArticle = (await server.deps.db.select().from(articles).where(eq(articles.siteId, 'site_demo')).limit(1))[0];
    if (demoArticle) expect((await get(`/articles/${demoArticle.id}`)).status).toBe(404);
    const unknown = await fetch(`${server.url}/help/pk_nobody/`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('Not found');
    expect((await fetch(`${server.url}/help/${encodeURIComponent('<x>')}/`)).status).toBe(404);
  });

  it('lists a category’s articles in the owner’s order', async () => {
    await orderArticles(server.deps.db, site.id, (await listCategories(server.deps.db, site.id)).find((c) => c.name === 'Billing')!.id, [ids.invoices!, ids.refunds!]);
    const { html } = await page('/categories/billing');
    expect(html.indexOf('Invoices')).toBeLessThan(html.indexOf('Refunds</a>'));
    expect(html).not.toContain('Secret plans');
  });

  it('speaks the language asked (?lang=, then Accept-Language) when the site has articles in it, right to left for Arabic', async () => {
    const es = (await page('/?lang=es')).html;
    expect(es).toMatch(/<html lang="es" dir="ltr">/);
    expect(es).toContain('Centro de ayuda de Acme Help');
    expect(es).toContain('Facturación');
    expect(es).toContain('Shipping'); // an article without a locale is for every language
    expect(es).not.toContain('>Billing<');
    expect((await page('/', { 'accept-language': 'fr;q=0.9, es;q=0.8' })).html).toMatch(/<html lang="es"/);
    expect((await page('/', { 'accept-language': 'fr, de' })).html).toMatch(/<html lang="en"/);
    expect((await page('/?lang=de')).html).toMatch(/<html lang="en"/);
    const ar = (await page('/?lang=ar')).html;
    expect(ar).toMatch(/<html lang="ar" dir="rtl">/);
    expect(ar).toContain('الفواتير');
  });

  it('searches as the bot does, ranked and highlighted, never passing query syntax through', async () => {
    const { res, html } = await page('/search?q=refunds');
    expect(res.status).toBe(200);
    expect(html).toContain('1 result for “refunds”');
    expect(html).toContain('<mark>');
    for (const q of ['refund" OR *', 'NEAR(a b)', '"', '-', ')(']) {
      const r = await get(`/search?q=${encodeURIComponent(q)}`);
      expect(r.status, q).toBe(200);
    }
    expect((await page('/search?q=zzzzqqq')).html).toContain('No articles match “zzzzqqq”.');
    expect((await page('/search?q=reembolsos&lang=es')).html).toContain('Reembolsos');
  });

  it('lists every page in every language in its sitemap; a site that is not to be indexed says noindex and has none', async () => {
    const res = await get('/sitemap.xml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
    const xml = await res.text();
    expect(xml).toContain(`/help/${site.publicKey}/articles/${ids.refunds}-refunds</loc>`);
    expect(xml).toContain(`/help/${site.publicKey}/articles/${ids.reembolsos}-reembolsos?lang=es</loc>`);
    expect(xml).toContain('hreflang="es"');
    expect(xml).not.toContain(ids.draft);
    const [row] = await server.deps.db.select().from(sites).where(eq(sites.id, site.id));
    await server.deps.db
      .update(sites)
      .set({ settings: { ...(row!.settings as object), helpCenter: { indexable: false } } })
      .where(eq(sites.id, site.id));
    expect((await get('/sitemap.xml')).status).toBe(404);
    expect((await page('/')).html).toContain('<meta name="robots" content="noindex"/>');
  });
});

describe('the widget’s Help view: /v1/widget/help', () => {
  const widget = (path: string) => fetch(`${server.url}/v1/widget${path}`);
  it('answers the help home (categories with counts, popular articles) and a category, in the language asked', async () => {
    const home = (await (await widget(`/help?site=${site.publicKey}&lang=es`)).json()) as HelpHome;
    expect(home.lang).toBe('es');
    expect(home.url).toBe(`${new URL(server.deps.config.PUBLIC_URL).origin}/help/${site.publicKey}/?lang=es`);
    expect(home.categories.map((c) => [c.name, c.articles])).toContainEqual(['Facturación', 1]);
    expect(home.popular.map((a) => a.title)).toContain('Reembolsos');
    expect(home.popular.map((a) => a.title)).not.toContain('Refunds');
    const category = (await (await widget(`/help/categories/shipping?site=${site.publicKey}`)).json()) as HelpCategoryPage;
    expect(category.articles.map((a) => [a.title, a.snippet])).toEqual([['Shipping times', 'Two to four days.']]);
    expect((await widget(`/help/categories/nope?site=${site.publicKey}`)).status).toBe(404);
    expect((await widget('/help?site=pk_nobody')).status).toBe(404);
    expect((await widget('/help')).status).toBe(401);
    const config = (await (await widget(`/config?site=${site.publicKey}`)).json()) as WidgetConfig;
    expect(config.help).toEqual({ url: `${server.deps.config.PUBLIC_URL.replace(/\/$/, '')}/help/${site.publicKey}/`, opens: 'chat' });
  });
});
