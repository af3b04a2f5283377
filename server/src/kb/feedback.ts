import { and, eq, sql, type AnyColumn } from 'drizzle-orm';
import type { ArticleFeedbackResult } from '@parley/protocol';
import type { Db } from '../db/store';
import { articleFeedback, articles } from '../db/tables';
import { greater } from '../db/dialect';

/**
 * Moves one vote on an article's counters: a first vote (`before` undefined) adds to its
 * counter, a change of mind moves it from one counter to the other. Run it inside the
 * transaction that stores the vote.
 */
export async function countArticleVote(db: Db, articleId: string, before: boolean | undefined, helpful: boolean): Promise<void> {
  if (before === helpful) return;
  const plus = (c: AnyColumn) => sql`${c} + 1`;
  const minus = (c: AnyColumn) => greater(sql`${c} - 1`, sql`0`);
  await db
    .update(articles)
    .set(
      helpful
        ? { helpful: plus(articles.helpful), ...(before !== undefined ? { notHelpful: minus(articles.notHelpful) } : {}) }
        : { notHelpful: plus(articles.notHelpful), ...(before !== undefined ? { helpful: minus(articles.helpful) } : {}) },
    )
    .where(eq(articles.id, articleId));
}

/**
 * A visitor's "Was this helpful?" vote. Each visitor counts once per article: the first vote
 * adds to a counter, the same vote again changes nothing, and a change of mind moves the
 * vote from one counter to the other. `counted` says whether the counters moved.
 */
export async function recordArticleFeedback(db: Db, articleId: string, visitorId: string, helpful: boolean): Promise<ArticleFeedbackResult> {
  return db.transaction(async (tx) => {
    const key = and(eq(articleFeedback.articleId, articleId), eq(articleFeedback.visitorId, visitorId));
    const before = (await tx.select({ helpful: articleFeedback.helpful }).from(articleFeedback).where(key).limit(1))[0];
    if (before?.helpful === helpful) return { helpful, counted: false };
    if (before) await tx.update(articleFeedback).set({ helpful }).where(key);
    else await tx.insert(articleFeedback).values({ articleId, visitorId, helpful });
    await countArticleVote(tx, articleId, before?.helpful, helpful);
    return { helpful, counted: true };
  });
}
