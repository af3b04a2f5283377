import { and, eq } from 'drizzle-orm';
import type { Feedback } from '@parley/protocol';
import type { Deps } from '../core/deps';
import type { VisitorRow } from '../db/rows';
import { conversations, messageFeedback, messages } from '../db/schema';
import { ApiError, notFound } from '../http/errors';
import { countArticleVote } from '../kb/feedback';

/** A visitor's changed verdict on a bot answer. */
export interface BotVote {
  conversationId: string;
  messageId: number;
  helpful: boolean;
}

/**
 * "Was this helpful?" on a bot message of the visitor's own conversation, one vote per
 * visitor and message: `created` on the first, and a changed answer replaces it. Each vote
 * counts on the answer's source article at once (a change of mind moves the count), and
 * the bot hears of it after the commit, so it can offer a person without waiting for the
 * visitor's next message (after-vote.ts).
 */
export function recordFeedback(
  deps: Deps,
  visitor: VisitorRow,
  vote: { messageId: number; helpful: boolean },
  /** Told of a changed vote after the commit: the bot's worker, while the bot runs. */
  onChange?: (vote: BotVote) => void,
): { feedback: Feedback; created: boolean } {
  const { messageId, helpful } = vote;
  const result = deps.db.transaction((tx) => {
    const message = tx
      .select({ authorType: messages.authorType, conversationId: messages.conversationId, meta: messages.meta })
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(and(eq(messages.id, messageId), eq(conversations.visitorId, visitor.id), eq(messages.internal, false)))
      .get();
    if (!message) throw notFound('Message');
    if (message.authorType !== 'bot') throw new ApiError(400, 'invalid_request', 'Only bot answers take feedback');
    const key = and(eq(messageFeedback.messageId, messageId), eq(messageFeedback.visitorId, visitor.id));
    const before = tx.select().from(messageFeedback).where(key).get();
    const row =
      before?.helpful === helpful
        ? before
        : before
          ? tx.update(messageFeedback).set({ helpful }).where(key).returning().get()
          : tx.insert(messageFeedback).values({ messageId, visitorId: visitor.id, helpful }).returning().get();
    const source = message.meta.sourceArticleIds?.[0];
    if (source) countArticleVote(deps.db, source, before?.helpful, helpful);
    return {
      feedback: { messageId, helpful: row.helpful, createdAt: row.createdAt.toISOString() },
      created: !before,
      changed: before?.helpful !== helpful,
      conversationId: message.conversationId,
    };
  }, { behavior: 'immediate' });
  if (result.changed) onChange?.({ conversationId: result.conversationId, messageId, helpful });
  return { feedback: result.feedback, created: result.created };
}
