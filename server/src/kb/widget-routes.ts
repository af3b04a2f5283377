import { Hono, type Context } from 'hono';
import { ArticleFeedbackBody, ArticleParams, ArticleReadQuery, ArticleSearchQuery, type ArticleSearchResult, type PublicArticle } from '@parley/protocol';
import type { Deps } from '../core/deps';
import type { Db } from '../db/store';
import { notFound } from '../http/errors';
import { clientIp, rateLimit } from '../http/rate-limit';
import { rateLimiter } from '../core/limits';
import { validate } from '../http/validate';
import { siteForVisitorRequest } from '../sites/origin-guard';
import type { SiteRow } from '../db/rows';
import { requireVisitor, type WidgetEnv } from '../auth/visitor-auth';
import { countView, findArticle } from './articles';
import { recordArticleFeedback } from './feedback';
import { searchArticles } from './search';

/**
 * The site whose KB is asked: the visitor token's, or `?site=KEY` so a help-centre search
 * can run before the visitor has started a chat. A token always wins over the key.
 */
export async function siteOf(db: Db, c: Context<WidgetEnv>, key: string | undefined): Promise<SiteRow> {
  if (c.get('visitor') || c.get('badToken') || key === undefined) return requireVisitor(c).site;
  return siteForVisitorRequest(c, db, key);
}

/** A published article of the site as visitors read it, its view counted; 404 for a draft or another site's. */
export async function readArticle(db: Db, siteId: string, id: string): Promise<PublicArticle> {
  const row = await findArticle(db, siteId, id);
  if (!row || row.status !== 'published') throw notFound('Article');
  await countView(db, row);
  return { id: row.id, title: row.title, body: row.body, category: row.category, locale: row.locale, updatedAt: row.updatedAt.toISOString() };
}

/**
 * /v1/widget/articles: the knowledge base for visitors: search, read one, helpful / not
 * helpful. Searches and reads count per IP on their own budget: the help search runs as the
 * visitor types, with or without a token, and must neither use up the visitor's message
 * budget nor go unlimited.
 */
export function articleWidgetRoutes(deps: Deps) {
  const { db, config } = deps;
  const perIp = rateLimit(rateLimiter(deps, 'articles-per-ip', config.PARLEY_RATE_ARTICLES_PER_IP), clientIp);
  return new Hono<WidgetEnv>()
    .get('/', perIp, validate('query', ArticleSearchQuery), async (c) => {
      const { site: key, q, limit } = c.req.valid('query');
      const site = await siteOf(db, c, key);
      const body: ArticleSearchResult = { articles: await searchArticles(db, site.id, q, limit) };
      return c.json(body);
    })
    .get('/:id', perIp, validate('param', ArticleParams), validate('query', ArticleReadQuery), async (c) => {
      const site = await siteOf(db, c, c.req.valid('query').site);
      return c.json(await readArticle(db, site.id, c.req.valid('param').id));
    })
    .post('/:id/feedback', validate('param', ArticleParams), validate('json', ArticleFeedbackBody), async (c) => {
      const { visitor, site } = requireVisitor(c);
      const row = await findArticle(db, site.id, c.req.valid('param').id);
      if (!row || row.status !== 'published') throw notFound('Article');
      return c.json(await recordArticleFeedback(db, row.id, visitor.id, c.req.valid('json').helpful));
    });
}
