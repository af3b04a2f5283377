import { Hono } from 'hono';
import { HelpCategoryParams, HelpQuery, type ArticleSummary, type HelpCategoryPage, type HelpHome } from '@parley/protocol';
import type { WidgetEnv } from '../auth/visitor-auth';
import type { Deps } from '../core/deps';
import { rateLimiter } from '../core/limits';
import type { ArticleRow } from '../db/rows';
import { notFound } from '../http/errors';
import { clientIp, rateLimit } from '../http/rate-limit';
import { validate } from '../http/validate';
import { excerpt } from '../kb/search';
import { siteOf } from '../kb/widget-routes';
import { helpContext } from './context';
import { href } from './pages';
import { articlesOf, categoriesIn, popularIn } from './queries';

const summary = (a: ArticleRow): ArticleSummary => ({ id: a.id, title: a.title, category: a.category, snippet: excerpt(a.body, []) });

/**
 * /v1/widget/help: the widget's Help view — the help center's home (categories with counts,
 * popular articles) and a category's articles, in the language asked when the site has it.
 * Like article searches, with a token or `?site=KEY` before the visitor exists, limited per IP
 * on the articles' budget. Search and reading one are /v1/widget/articles.
 */
export function helpWidgetRoutes(deps: Deps) {
  const { db, config } = deps;
  const perIp = rateLimit(rateLimiter(deps, 'articles-per-ip', config.PARLEY_RATE_ARTICLES_PER_IP), clientIp);
  return new Hono<WidgetEnv>()
    .get('/', perIp, validate('query', HelpQuery), async (c) => {
      const site = await siteOf(db, c, c.req.valid('query').site);
      const h = await helpContext(db, config, c, site);
      const [categories, popular] = await Promise.all([categoriesIn(db, site.id, h.lang), popularIn(db, site.id, h.lang)]);
      const body: HelpHome = {
        url: h.origin + href(h, '/'),
        lang: h.lang,
        categories: categories.map((cat) => ({ slug: cat.slug, name: cat.name, description: cat.description, articles: cat.shown })),
        popular: popular.map(summary),
      };
      return c.json(body);
    })
    .get('/categories/:slug', perIp, validate('param', HelpCategoryParams), validate('query', HelpQuery), async (c) => {
      const site = await siteOf(db, c, c.req.valid('query').site);
      const h = await helpContext(db, config, c, site);
      const category = (await categoriesIn(db, site.id, h.lang)).find((cat) => cat.slug === c.req.valid('param').slug);
      if (!category) throw notFound('Category');
      const body: HelpCategoryPage = {
        category: { slug: category.slug, name: category.name, description: category.description, articles: category.shown },
        articles: (await articlesOf(db, site.id, h.lang, category.name)).map(summary),
      };
      return c.json(body);
    });
}
