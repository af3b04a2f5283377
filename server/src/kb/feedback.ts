import { and, eq, sql, type AnyColumn } from 'drizzle-orm';
import type { ArticleFeedbackResult } from '@parley/protocol';
import type { Db } from '../db/connection';
import { articleFeedback, articles } from '../db/schema';

/**
 * Moves one vote on an article's counters: a first vote (`before` undefined) adds to its
 * counter, a change of mind moves it from one counter to the other. Run it inside the
 * transaction that stores the vote.
 */
export function countArticleVote(db: Db, articleId: string, before: boolean | undefined, helpful: boolean): void {
  if (before === helpful) return;
  const plus = (c: AnyColumn) => sql`${c} + 1`;
  const minus = (c: AnyColumn) => sql`max(${c} - 1, 0)`;
  db.update(articles)
    .set(
      helpful
        ? { helpful: plus(articles.helpful), ...(before !== undefined ? { notHelpful: minus(articles.notHelpful) } : {}) }
        : { notHelpful: plus(articles.notHelpful), ...(before !== undefined ? { helpful: minus(articles.helpful) } : {}) },
    )
    .where(eq(articles.id, articleId))
    .run();
}

/**
 * A visitor's "Was this helpful?" vote. Each visitor counts once per article: the first vote
 * adds to a counter, the same vote again changes nothing, and a change of mind moves the
 * vote from one counter to the other. `counted` says whether the counters moved.
 */
export function recordArticleFeedback(db: Db, articleId: string, visitorId: string, helpful: boolean): ArticleFeedbackResult {
  return db.transaction(
    (tx) => {
      const key = and(eq(articleFeedback.articleId, articleId), eq(articleFeedback.visitorId, visitorId));
      const before = tx.select({ helpful: articleFeedback.helpful }).from(articleFeedback).where(key).get();
      if (before?.helpful === helpful) return { helpful, counted: false };
      if (before) tx.update(articleFeedback).set({ helpful }).where(key).run();
      else tx.insert(articleFeedback).values({ articleId, visitorId, helpful }).run();
      countArticleVote(db, articleId, before?.helpful, helpful);
      return { helpful, counted: true };
    },
    { behavior: 'immediate' },
  );
}
