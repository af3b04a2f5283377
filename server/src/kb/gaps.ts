import { and, desc, eq, exists, gt, inArray, isNull, lt, min, or, sql, type SQL } from 'drizzle-orm';
import { jsonNumber, jsonText } from '../db/dialect';
import { alias } from 'drizzle-orm/sqlite-core';
import { MAX_PHRASINGS, Phrasing, type BotGap, type BotGapReview, type BotGapReviewBody, type MessageMeta } from '@parley/protocol';
import type { AgentRow } from '../db/rows';
import { audit } from '../audit/audit';
import type { Db } from '../db/store';
import { articles, botGapReviews, conversations, messageFeedback, messages } from '../db/tables';
import { ApiError, notFound } from '../http/errors';
import { findArticle, toArticle, updateArticle } from './articles';

/*
 * Questions the bot missed: visitor messages whose bot reply (meta.replyTo) offered a person
 * for low confidence, asked "Did you mean", or answered and was voted not helpful. The
 * retriever is lexical, so a question worded unlike every phrasing is missed; an owner
 * closes the gap by adding the question to the right article's phrasings, which moves the
 * KB revision and retrains the bot's retriever.
 */

/** The site's unreviewed misses matching `where`, newest first. */
async function missRows(db: Db, siteId: string, where: SQL | undefined, limit: number) {
  const reply = alias(messages, 'reply');
  const later = alias(messages, 'later');
  const replyKind = jsonText(reply.meta, 'kind');
  const votedNotHelpful = exists(
    db
      .select({ one: sql`1` })
      .from(messageFeedback)
      .where(and(eq(messageFeedback.messageId, reply.id), eq(messageFeedback.helpful, false))),
  );
  return (
    db
      .select({ id: messages.id, conversationId: messages.conversationId, body: messages.body, createdAt: messages.createdAt, meta: reply.meta })
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      // The bot's first reply to the question only: an offer made after a "not helpful" vote
      // answers the same question again (after-vote.ts), and would list it twice.
      .innerJoin(
        reply,
        eq(
          reply.id,
          db
          .select({ id: min(later.id) })
          .from(later)
          .where(
            and(
              eq(later.conversationId, messages.conversationId),
              gt(later.id, messages.id),
              eq(later.authorType, 'bot'),
              eq(jsonNumber(later.meta, 'replyTo'), messages.id),
            ),
          ),
        ),
      )
      .leftJoin(botGapReviews, eq(botGapReviews.messageId, messages.id))
      .where(
        and(
          eq(conversations.siteId, siteId),
          eq(messages.authorType, 'visitor'),
          isNull(botGapReviews.messageId),
          or(inArray(replyKind, ['offer_handoff', 'clarify']), and(eq(replyKind, 'answer'), votedNotHelpful)),
          where,
        ),
      )
      .orderBy(desc(messages.id))
      .limit(limit)
  );
}

type MissRow = Awaited<ReturnType<typeof missRows>>[number];

/**
 * The article the bot leaned towards: the one it answered with, else its first chip, else
 * the one retrieval ranked first (a low-confidence miss has no chip, but still a best guess).
 */
const suggestedId = (meta: MessageMeta) =>
  (meta.kind === 'answer' ? meta.sources?.[0]?.id : meta.suggestions?.find((s) => s.articleId)?.articleId) ?? meta.intent;

async function toGaps(db: Db, siteId: string, rows: MissRow[]): Promise<BotGap[]> {
  const ids = [...new Set(rows.flatMap((r) => suggestedId(r.meta) ?? []))];
  // Titles as they are now; a suggestion whose article was deleted since is dropped.
  const titles = new Map(
    ids.length === 0
      ? []
      : (
          await db
            .select({ id: articles.id, title: articles.title })
            .from(articles)
            .where(and(eq(articles.siteId, siteId), inArray(articles.id, ids)))
        ).map((a) => [a.id, a.title]),
  );
  return rows.map((r) => {
    const id = suggestedId(r.meta);
    const title = id && titles.get(id);
    return {
      messageId: r.id,
      conversationId: r.conversationId,
      text: r.body,
      createdAt: r.createdAt.toISOString(),
      outcome: r.meta.kind === 'answer' ? 'not_helpful' : r.meta.kind === 'clarify' ? 'clarify' : 'offer_handoff',
      confidence: r.meta.confidence ?? null,
      suggestedArticle: id && title ? { id, title } : null,
    };
  });
}

export async function listBotGaps(db: Db, siteId: string, query: { before?: number; limit: number }): Promise<BotGap[]> {
  return toGaps(db, siteId, await missRows(db, siteId, query.before ? lt(messages.id, query.before) : undefined, query.limit));
}

/** The question as a phrasing: the owner's edit, else the visitor's words, held to the phrasing rules. */
export function phrasingFor(question: string, text: string | undefined): string {
  if (text !== undefined) return text;
  const parsed = Phrasing.safeParse(question);
  if (!parsed.success)
    throw new ApiError(400, 'invalid_request', `text: the question ${parsed.error.issues[0]?.message ?? 'is not a valid phrasing'}; send an edited text`);
  return parsed.data;
}

/** Adds `phrasing` to the article unless it has it already (letter case aside); the update moves the KB revision. */
export async function addPhrasing(db: Db, siteId: string, articleId: string, phrasing: string) {
  const article = await findArticle(db, siteId, articleId);
  if (!article) throw notFound('Article');
  const known = article.phrasings.some((p) => p.toLowerCase() === phrasing.toLowerCase());
  if (known) return article;
  if (article.phrasings.length >= MAX_PHRASINGS) throw new ApiError(409, 'conflict', `The article already has ${MAX_PHRASINGS} phrasings`);
  return (await updateArticle(db, siteId, articleId, { phrasings: [...article.phrasings, phrasing] }))!;
}

/**
 * Records an owner's decision on one missed question: a phrasing added to an article (the
 * article update moves the KB revision, so the bot retrains) or a dismissal. Checked and
 * written in one transaction, so two owners deciding at once get one decision and a 409.
 */
export async function reviewBotGap(db: Db, agent: AgentRow, siteId: string, messageId: number, body: BotGapReviewBody): Promise<BotGapReview> {
  return db.transaction(async (tx) => {
    const [reviewed] = await tx
      .select({ id: botGapReviews.messageId })
      .from(botGapReviews)
      .where(and(eq(botGapReviews.messageId, messageId), eq(botGapReviews.siteId, siteId)))
      .limit(1);
    if (reviewed) throw new ApiError(409, 'conflict', 'This question was already reviewed');
    const [gap] = await toGaps(tx, siteId, await missRows(tx, siteId, eq(messages.id, messageId), 1));
    if (!gap) throw notFound('Missed question');
    const article = body.action === 'add_phrasing' ? await addPhrasing(tx, siteId, body.articleId, phrasingFor(gap.text, body.text)) : null;
    const [review] = await tx
      .insert(botGapReviews)
      .values({ messageId, siteId, action: article ? 'added' : 'dismissed', articleId: article?.id ?? null, agentId: agent.id })
      .returning();
    if (article) await audit(tx, agent, 'kb.update', article.id, { fields: ['phrasings'], fromMessageId: messageId });
    return { messageId, action: review!.action, article: article && toArticle(article), reviewedAt: review!.createdAt.toISOString() };
  });
}
