import { and, count, desc, eq, isNull, max, sql } from 'drizzle-orm';
import type { SearchGap, SearchGapReview, SearchGapReviewBody } from '@parley/protocol';
import { audit } from '../audit/audit';
import type { AgentRow } from '../db/rows';
import type { Db } from '../db/store';
import { helpSearches } from '../db/tables';
import { notFound } from '../http/errors';
import { addPhrasing, phrasingFor } from '../kb/gaps';
import { toArticle } from '../kb/articles';

/*
 * Searches that found nothing, beside the questions the bot missed (kb/gaps.ts): the same
 * gap in the knowledge base, closed the same way, by adding the words to an article's
 * phrasings (which the search and the bot both match) or dismissing them.
 */

const key = () => sql<string>`lower(${helpSearches.query})`;
const unreviewedMisses = (siteId: string) => and(eq(helpSearches.siteId, siteId), eq(helpSearches.results, 0), isNull(helpSearches.reviewedAt));

/** The site's unreviewed searches without a result, one row per query, the most asked first. */
export async function listSearchGaps(db: Db, siteId: string, limit: number): Promise<SearchGap[]> {
  const n = count();
  const last = max(helpSearches.createdAt);
  const rows = await db
    .select({ query: max(helpSearches.query), n, last })
    .from(helpSearches)
    .where(unreviewedMisses(siteId))
    .groupBy(key())
    .orderBy(desc(n), desc(last))
    .limit(limit);
  return rows.map((r) => ({ query: r.query ?? '', searches: Number(r.n), lastAt: new Date(r.last!).toISOString() }));
}

/** Marks every unreviewed miss for the query reviewed, after adding the phrasing if asked; one transaction, so a second decision is a 404. */
export async function reviewSearchGap(db: Db, agent: AgentRow, siteId: string, body: SearchGapReviewBody): Promise<SearchGapReview> {
  return db.transaction(async (tx) => {
    const now = new Date();
    const marked = await tx
      .update(helpSearches)
      .set({ reviewedAt: now })
      .where(and(unreviewedMisses(siteId), eq(key(), sql`lower(${body.query})`)))
      .returning({ id: helpSearches.id });
    if (marked.length === 0) throw notFound('Search without a result');
    const article = body.action === 'add_phrasing' ? await addPhrasing(tx, siteId, body.articleId, phrasingFor(body.query, body.text)) : null;
    if (article) await audit(tx, agent, 'kb.update', article.id, { fields: ['phrasings'], fromSearch: body.query });
    return { query: body.query, action: article ? 'added' : 'dismissed', searches: marked.length, article: article && toArticle(article), reviewedAt: now.toISOString() };
  });
}
