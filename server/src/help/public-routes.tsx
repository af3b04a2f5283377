import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Child } from 'hono/jsx';
import { SiteKey } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { rateLimiter } from '../core/limits';
import type { SiteRow } from '../db/rows';
import { limitBody } from '../http/body-limit';
import { ApiError } from '../http/errors';
import { clientIp, rateLimit } from '../http/rate-limit';
import { countView, findArticle, rateArticle } from '../kb/articles';
import { findSiteByKey, siteSettings } from '../sites/sites';
import { helpContext } from './context';
import { PAGE_SESSION_IDLE_MS, pageSeen, searched } from './measure';
import { ArticleBody, ArticleList, articlePath, helpCss, href, Layout, SearchResults, StillNeedHelp, VIDEO_FRAMES, type HelpContext } from './pages';
import { articlesOf, categoriesIn, popularIn, relatedTo, searchIn } from './queries';
import { sitemap } from './sitemap';

type HelpEnv = { Variables: { h: HelpContext; site: SiteRow; color: string; session: string | undefined } };

/** Crawlers and link previews read pages too: they are not visits to measure. */
const NOT_A_PERSON = /bot|crawl|spider|slurp|facebookexternalhit|embedly|preview/i;
const SESSION_COOKIE = 'parley_help';

/**
 * The page session (help/measure.ts) this page view counts in, kept in a cookie of this help
 * center's own path: a random id, nothing about the reader, gone after 30 idle minutes.
 */
async function pageSession(c: Context<HelpEnv>, db: Deps['db'], secure: boolean): Promise<string | undefined> {
  const ua = c.req.header('user-agent');
  if (!ua || NOT_A_PERSON.test(ua)) return undefined;
  const id = await pageSeen(db, c.get('site').id, getCookie(c, SESSION_COOKIE));
  setCookie(c, SESSION_COOKIE, id, { path: c.get('h').base, httpOnly: true, sameSite: 'Lax', secure, maxAge: PAGE_SESSION_IDLE_MS / 1000 });
  return id;
}

/** A page, its stylesheet allowed by hash: no script, nothing from elsewhere, forms only to here. */
function page(c: Context<HelpEnv>, status: 200 | 404, props: { title: string; description: string; path: string; query?: string; children: Child }) {
  const css = helpCss(c.get('color'));
  const hash = createHash('sha256').update(css).digest('base64');
  c.header(
    'Content-Security-Policy',
    `default-src 'none'; style-src 'sha256-${hash}'; img-src 'self' data:; frame-src ${VIDEO_FRAMES}; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  );
  c.header('Vary', 'Accept-Language');
  return c.html(`<!doctype html>${(<Layout h={c.get('h')} css={css} {...props} />).toString()}`, status);
}

const notFoundPage = (c: Context<HelpEnv>) => page(c, 404, { title: c.get('h').texts.help.notFound, description: '', path: '/', children: <h1>{c.get('h').texts.help.notFound}</h1> });

/** An article reference in a URL: its id, then (for people and search engines) its title as a slug. */
const ARTICLE_REF = /^(art_[0-9a-z]+)(?:-.*)?$/;

/**
 * /help/:siteKey/: a site's knowledge base as a public help center, rendered here, readable
 * without JavaScript (docs/api.md, Help center): the home page (search, categories, popular
 * articles), a category, an article (with related articles and "Was this helpful?" as a
 * form), search, and the sitemap. Drafts never show; every owner-written string is escaped
 * (hono/jsx; article bodies by markdown-lite, as the widget shows them). Pages are in the
 * language asked (`?lang=`, else the browser's) when the site has articles in it.
 */
export function helpPublicRoutes(deps: Deps) {
  const { db, config } = deps;
  const perIp = rateLimit(rateLimiter(deps, 'help-pages-per-ip', config.PARLEY_RATE_ARTICLES_PER_IP), clientIp);

  return new Hono<HelpEnv>()
    .use('/:siteKey/*', perIp, async (c, next) => {
      const key = SiteKey.safeParse(c.req.param('siteKey'));
      const site = key.success ? await findSiteByKey(db, key.data) : undefined;
      if (!site) {
        c.header('Content-Security-Policy', "default-src 'none'");
        return c.html('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Not found</title></head><body><h1>Not found</h1></body></html>', 404);
      }
      c.set('site', site);
      c.set('color', siteSettings(site).theme.color);
      c.set('h', await helpContext(db, config, c, site));
      const viewed = c.req.method === 'GET' && !c.req.path.endsWith('/sitemap.xml');
      c.set('session', viewed ? await pageSession(c, db, config.PUBLIC_URL.startsWith('https:')) : undefined);
      await next();
    })
    .get('/:siteKey', (c) => c.redirect(`${c.req.path}/`, 301))
    .get('/:siteKey/', async (c) => {
      const [h, site] = [c.get('h'), c.get('site')];
      const [categories, popular] = await Promise.all([categoriesIn(db, site.id, h.lang), popularIn(db, site.id, h.lang)]);
      const t = h.texts.help;
      return page(c, 200, {
        title: t.title(h.siteName),
        description: t.title(h.siteName),
        path: '/',
        children: (
          <>
            <h1>{t.title(h.siteName)}</h1>
            {categories.length + popular.length === 0 && <p>{t.empty}</p>}
            {categories.length > 0 && <h2>{t.categories}</h2>}
            <ul class="l">
              {categories.map((cat) => (
                <li>
                  <a href={href(h, `/categories/${cat.slug}`)}>{cat.name}</a>
                  <div class="m">
                    {cat.description && <>{cat.description} · </>}
                    {t.articles(cat.shown)}
                  </div>
                </li>
              ))}
            </ul>
            {popular.length > 0 && <h2>{t.popular}</h2>}
            <ArticleList h={h} items={popular} />
          </>
        ),
      });
    })
    .get('/:siteKey/categories/:slug', async (c) => {
      const [h, site] = [c.get('h'), c.get('site')];
      const category = (await categoriesIn(db, site.id, h.lang)).find((cat) => cat.slug === c.req.param('slug'));
      if (!category) return notFoundPage(c);
      const list = await articlesOf(db, site.id, h.lang, category.name);
      return page(c, 200, {
        title: `${category.name} · ${h.texts.help.title(h.siteName)}`,
        description: category.description || category.name,
        path: `/categories/${category.slug}`,
        children: (
          <>
            <p class="m">
              <a href={href(h, '/')}>{h.texts.help.home}</a>
            </p>
            <h1>{category.name}</h1>
            {category.description && <p>{category.description}</p>}
            <ArticleList h={h} items={list} />
          </>
        ),
      });
    })
    .get('/:siteKey/articles/:ref', async (c) => {
      const [h, site] = [c.get('h'), c.get('site')];
      const id = ARTICLE_REF.exec(c.req.param('ref'))?.[1];
      const article = id === undefined ? undefined : await findArticle(db, site.id, id);
      if (!article || article.status !== 'published') return notFoundPage(c);
      // One address per article: an old title's slug leads to the current one.
      if (c.req.param('ref') !== articlePath(article).slice('/articles/'.length)) return c.redirect(href(h, articlePath(article)), 301);
      const [related, categories] = await Promise.all([relatedTo(db, article, h.lang), categoriesIn(db, site.id, h.lang)]);
      await countView(db, article);
      const category = categories.find((cat) => cat.name === article.category);
      return page(c, 200, {
        title: `${article.title} · ${h.texts.help.title(h.siteName)}`,
        description: article.body.replace(/https?:\/\/\S+|[#*_`>[\]()]/g, '').replace(/\s+/g, ' ').trim() || article.title,
        path: articlePath(article),
        children: (
          <>
            <p class="m">
              <a href={href(h, '/')}>{h.texts.help.home}</a>
              {category && (
                <>
                  {' › '}
                  <a href={href(h, `/categories/${category.slug}`)}>{category.name}</a>
                </>
              )}
            </p>
            <ArticleBody h={h} article={article} feedbackThanks={c.req.query('feedback') === 'thanks'} play={Number(c.req.query('play') ?? -1)} />
            <StillNeedHelp h={h} question={h.texts.help.about(article.title)} session={c.get('session')} />
            {related.length > 0 && <h2>{h.texts.help.related}</h2>}
            <ArticleList h={h} items={related} />
          </>
        ),
      });
    })
    .post('/:siteKey/articles/:id/feedback', limitBody(1024), async (c) => {
      const [h, site] = [c.get('h'), c.get('site')];
      const article = await findArticle(db, site.id, c.req.param('id'));
      if (!article || article.status !== 'published') return notFoundPage(c);
      const helpful = (await c.req.parseBody())['helpful'];
      if (helpful !== 'yes' && helpful !== 'no') throw new ApiError(400, 'invalid_request', 'helpful: must be yes or no');
      await rateArticle(db, article, helpful === 'yes');
      return c.redirect(`${href(h, articlePath(article), h.lang, 'feedback=thanks')}#feedback`, 303);
    })
    .get('/:siteKey/search', async (c) => {
      const [h, site] = [c.get('h'), c.get('site')];
      const q = (c.req.query('q') ?? '').slice(0, 500).trim();
      const results = q ? await searchIn(db, site.id, h.lang, q) : [];
      const session = c.get('session');
      if (session) await searched(db, { id: session, siteId: site.id }, q, results.length);
      return page(c, 200, {
        title: `${q || h.texts.help.search} · ${h.texts.help.title(h.siteName)}`,
        description: h.texts.help.title(h.siteName),
        path: '/search',
        query: new URLSearchParams({ q }).toString(),
        children: (
          <>
            <SearchResults h={h} q={q} results={results} />
            {q && <StillNeedHelp h={h} question={q} session={session} />}
          </>
        ),
      });
    })
    .get('/:siteKey/sitemap.xml', async (c) => {
      if (!c.get('h').indexable) return notFoundPage(c);
      c.header('Content-Type', 'application/xml; charset=utf-8');
      return c.body(await sitemap(db, c.get('site'), c.get('h')));
    });
}
