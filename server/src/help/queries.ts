import { and, asc, desc, eq, gte, isNull, ne, or, sql, sum, type SQL } from 'drizzle-orm';
import type { ArticleSummary, KbCategory } from '@parley/protocol';
import type { ArticleRow } from '../db/rows';
import type { Db } from '../db/store';
import { articles, articleViews } from '../db/tables';
import { listCategories } from '../kb/categories';
import { searchArticles } from '../kb/search';

const DAY_MS = 86_400_000;
/** "Popular" is the most read over this many days. */
const POPULAR_DAYS = 30;

/** The first two letters of an article's locale (`pt-BR` is `pt`), lower-cased; null when it has none. */
const languageOf = () => sql<string | null>`lower(substr(${articles.locale}, 1, 2))`;

/**
 * What a help center page in `lang` shows of a site: its published articles in that language,
 * and those that name none (written for every visitor). Drafts and other sites never.
 */
export const shownIn = (siteId: string, lang: string): SQL =>
  and(eq(articles.siteId, siteId), eq(articles.status, 'published'), or(isNull(articles.locale), eq(languageOf(), lang)))!;

/** The languages the site's published articles are written in (two letters each). */
export async function articleLanguages(db: Db, siteId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ lang: languageOf() })
    .from(articles)
    .where(and(eq(articles.siteId, siteId), eq(articles.status, 'published')));
  return rows.flatMap((r) => (r.lang ? [r.lang] : [])).sort();
}

/** The site's categories that have an article shown in `lang`, in the owner's order, each with that count. */
export async function categoriesIn(db: Db, siteId: string, lang: string): Promise<Array<KbCategory & { shown: number }>> {
  const counts = await db
    .select({ name: articles.category, n: sql<number>`count(*)` })
    .from(articles)
    .where(shownIn(siteId, lang))
    .groupBy(articles.category);
  const shown = new Map(counts.map((c) => [c.name, Number(c.n)]));
  return (await listCategories(db, siteId)).flatMap((c) => (shown.get(c.name) ? [{ ...c, shown: shown.get(c.name)! }] : []));
}

/** Every article shown in `lang` (the sitemap's). */
export async function articlesIn(db: Db, siteId: string, lang: string): Promise<ArticleRow[]> {
  return db.select().from(articles).where(shownIn(siteId, lang)).orderBy(asc(articles.seq));
}

/** A category's articles shown in `lang`, in the owner's order (then the oldest first). */
export async function articlesOf(db: Db, siteId: string, lang: string, category: string): Promise<ArticleRow[]> {
  return db
    .select()
    .from(articles)
    .where(and(shownIn(siteId, lang), eq(articles.category, category)))
    .orderBy(asc(articles.position), asc(articles.seq));
}

/** Up to `limit` other articles of the same category shown in `lang`. */
export async function relatedTo(db: Db, article: ArticleRow, lang: string, limit = 5): Promise<ArticleRow[]> {
  if (!article.category) return [];
  return db
    .select()
    .from(articles)
    .where(and(shownIn(article.siteId, lang), eq(articles.category, article.category), ne(articles.id, article.id)))
    .orderBy(asc(articles.position), asc(articles.seq))
    .limit(limit);
}

/** The articles shown in `lang` read most over the last 30 days (then the most read ever), at most `limit`. */
export async function popularIn(db: Db, siteId: string, lang: string, limit = 6, now = new Date()): Promise<ArticleRow[]> {
  const since = new Date(now.getTime() - (POPULAR_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
  const recent = db
    .select({ articleId: articleViews.articleId, views: sum(articleViews.views).as('recent_views') })
    .from(articleViews)
    .where(gte(articleViews.day, since))
    .groupBy(articleViews.articleId)
    .as('recent');
  const rows = await db
    .select({ article: articles })
    .from(articles)
    .leftJoin(recent, eq(recent.articleId, articles.id))
    .where(shownIn(siteId, lang))
    .orderBy(desc(sql`coalesce(${recent.views}, 0)`), desc(articles.views), asc(articles.seq))
    .limit(limit);
  return rows.map((r) => r.article);
}

/** The search the widget runs (kb/search.ts), kept to the articles shown in `lang`. */
export function searchIn(db: Db, siteId: string, lang: string, q: string, limit = 20): Promise<ArticleSummary[]> {
  return searchArticles(db, siteId, q, limit, shownIn(siteId, lang));
}
