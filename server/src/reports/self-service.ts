import { and, count, desc, eq, gte, inArray, sql, sum } from 'drizzle-orm';
import type { Report } from '@parley/protocol';
import type { Db } from '../db/store';
import { articles, articleViews, helpSearches, helpSessions } from '../db/tables';

const TOP_ARTICLES = 10;

/**
 * The reports' self-service section over the sites since `from`: help visits (help center
 * pages and the widget's Help view, help/measure.ts) and how many went on to a conversation
 * (deflected: those that did not), searches and those that found nothing, article reads, and
 * the most read articles with their "Was this helpful?" answers (counted since the article was
 * written: votes are not dated).
 */
export async function selfServiceReport(db: Db, siteIds: string[], from: Date): Promise<Report['selfService']> {
  if (siteIds.length === 0) return { sessions: 0, escalated: 0, deflectionRate: null, searches: 0, searchesWithoutResult: 0, articleViews: 0, articles: [] };
  const day = from.toISOString().slice(0, 10);
  const views = sum(articleViews.views);
  const [[visits], [searches], read] = await Promise.all([
    db
      .select({ sessions: count(), escalated: count(helpSessions.escalatedAt) })
      .from(helpSessions)
      .where(and(inArray(helpSessions.siteId, siteIds), gte(helpSessions.startedAt, from))),
    db
      .select({ all: count(), none: count(sql`case when ${helpSearches.results} = 0 then 1 end`) })
      .from(helpSearches)
      .where(and(inArray(helpSearches.siteId, siteIds), gte(helpSearches.createdAt, from))),
    db
      .select({ id: articles.id, title: articles.title, helpful: articles.helpful, notHelpful: articles.notHelpful, views })
      .from(articleViews)
      .innerJoin(articles, eq(articles.id, articleViews.articleId))
      .where(and(inArray(articles.siteId, siteIds), gte(articleViews.day, day)))
      .groupBy(articles.id, articles.title, articles.helpful, articles.notHelpful)
      .orderBy(desc(views), articles.id),
  ]);
  const sessions = Number(visits!.sessions);
  const escalated = Number(visits!.escalated);
  return {
    sessions,
    escalated,
    deflectionRate: sessions === 0 ? null : (sessions - escalated) / sessions,
    searches: Number(searches!.all),
    searchesWithoutResult: Number(searches!.none),
    articleViews: read.reduce((n, a) => n + Number(a.views), 0),
    articles: read.slice(0, TOP_ARTICLES).map((a) => ({ id: a.id, title: a.title, views: Number(a.views), helpful: a.helpful, notHelpful: a.notHelpful })),
  };
}
