import { Hono, type Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import {
  ArticleParams,
  CreateConversationBody,
  HelpCategoryParams,
  HelpQuery,
  HelpSearchQuery,
  type ArticleSearchResult,
  type HelpCategoryPage,
  type HelpHome,
} from '@parley/protocol';
import type { WidgetEnv } from '../auth/visitor-auth';
import type { Deps } from '../core/deps';
import { rateLimiter } from '../core/limits';
import type { ArticleRow, SiteRow } from '../db/rows';
import type { Db } from '../db/store';
import { notFound } from '../http/errors';
import { clientIp, rateLimit } from '../http/rate-limit';
import { validate } from '../http/validate';
import { excerpt } from '../kb/search';
import { readArticle, siteOf } from '../kb/widget-routes';
import { helpContext } from './context';
import { escalated, searched, widgetHelpUsed } from './measure';
import { href } from './pages';
import { articlesOf, categoriesIn, popularIn, searchIn } from './queries';

const summary = (a: ArticleRow) => ({ id: a.id, title: a.title, category: a.category, snippet: excerpt(a.body, []) });

/** The widget's help session (`?session=`) with this request in it, or undefined when it names none or another site's. */
async function sessionOf(db: Db, c: Context<WidgetEnv>, site: SiteRow, session: string | undefined, views: 0 | 1) {
  if (!session) return undefined;
  const s = { id: session, siteId: site.id, visitorId: c.get('visitor')?.id ?? null };
  return (await widgetHelpUsed(db, s, views)) ? s : undefined;
}

/**
 * /v1/widget/help: the widget's Help view — the help center's home (categories with counts,
 * popular articles), a category's articles, search and an article, in the language asked
 * when the site has it. Like article searches, with a token or `?site=KEY` before the visitor
 * exists, limited per IP on the articles' budget. `?session=` names the widget's help visit
 * (one per page load, made by the widget) that these count in (help/measure.ts).
 */
export function helpWidgetRoutes(deps: Deps) {
  const { db, config } = deps;
  const perIp = rateLimit(rateLimiter(deps, 'articles-per-ip', config.PARLEY_RATE_ARTICLES_PER_IP), clientIp);
  return new Hono<WidgetEnv>()
    .get('/', perIp, validate('query', HelpQuery), async (c) => {
      const { site: key, session } = c.req.valid('query');
      const site = await siteOf(db, c, key);
      const h = await helpContext(db, config, c, site);
      const [categories, popular] = await Promise.all([categoriesIn(db, site.id, h.lang), popularIn(db, site.id, h.lang), sessionOf(db, c, site, session, 1)]);
      const body: HelpHome = {
        url: h.origin + href(h, '/'),
        lang: h.lang,
        categories: categories.map((cat) => ({ slug: cat.slug, name: cat.name, description: cat.description, articles: cat.shown })),
        popular: popular.map(summary),
      };
      return c.json(body);
    })
    .get('/categories/:slug', perIp, validate('param', HelpCategoryParams), validate('query', HelpQuery), async (c) => {
      const { site: key, session } = c.req.valid('query');
      const site = await siteOf(db, c, key);
      const h = await helpContext(db, config, c, site);
      const category = (await categoriesIn(db, site.id, h.lang)).find((cat) => cat.slug === c.req.valid('param').slug);
      if (!category) throw notFound('Category');
      await sessionOf(db, c, site, session, 1);
      const body: HelpCategoryPage = {
        category: { slug: category.slug, name: category.name, description: category.description, articles: category.shown },
        articles: (await articlesOf(db, site.id, h.lang, category.name)).map(summary),
      };
      return c.json(body);
    })
    .get('/search', perIp, validate('query', HelpSearchQuery), async (c) => {
      const { site: key, session, q, limit } = c.req.valid('query');
      const site = await siteOf(db, c, key);
      const h = await helpContext(db, config, c, site);
      const body: ArticleSearchResult = { articles: q.trim() ? await searchIn(db, site.id, h.lang, q, limit) : [] };
      const s = await sessionOf(db, c, site, session, 0);
      if (s) await searched(db, s, q, body.articles.length);
      return c.json(body);
    })
    .get('/articles/:id', perIp, validate('param', ArticleParams), validate('query', HelpQuery), async (c) => {
      const { site: key, session } = c.req.valid('query');
      const site = await siteOf(db, c, key);
      const article = await readArticle(db, site.id, c.req.valid('param').id);
      await sessionOf(db, c, site, session, 1);
      return c.json(article);
    });
}

/** A conversation started with `helpSession` in its body: that help visit was not deflected. */
export function helpEscalation(db: Db) {
  return createMiddleware<WidgetEnv>(async (c, next) => {
    await next();
    const [site, visitor] = [c.get('site'), c.get('visitor')];
    if (c.res.status !== 201 || !site || !visitor) return;
    const body = CreateConversationBody.safeParse(await c.req.json());
    if (body.success && body.data.helpSession) await escalated(db, site.id, body.data.helpSession, visitor.id);
  });
}
