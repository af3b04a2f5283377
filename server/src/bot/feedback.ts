import { and, eq } from 'drizzle-orm';
import type { Feedback } from '@parley/protocol';
import type { Deps } from '../core/deps';
import type { VisitorRow } from '../db/rows';
import { conversations, messageFeedback, messages } from '../db/tables';
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
export async function recordFeedback(
  deps: Deps,
  visitor: VisitorRow,
  vote: { messageId: number; helpful: boolean },
  /** Told of a changed vote after the commit: the bot's worker, while the bot runs. */
  onChange?: (vote: BotVote) => void,
): Promise<{ feedback: Feedback; created: boolean }> {
  const { messageId, helpful } = vote;
  const result = await deps.db.transaction(async (tx) => {
    const message = (
      await tx
        .select({ authorType: messages.authorType, conversationId: messages.conversationId, meta: messages.meta })
        .from(messages)
        .innerJoin(conversations, eq(conversations.id, messages.conversationId))
        .where(and(eq(messages.id, messageId), eq(conversations.visitorId, visitor.id), eq(messages.internal, false)))
        .limit(1)
    )[0];
    if (!message) throw notFound('Message');
    if (message.authorType !== 'bot') throw new ApiError(400, 'invalid_request', 'Only bot answers take feedback');
    const key = and(eq(messageFeedback.messageId, messageId), eq(messageFeedback.visitorId, visitor.id));
    const before = (await tx.select().from(messageFeedback).where(key).limit(1))[0];
    const row =
      before?.helpful === helpful
        ? before
        : before
          ? (await tx.update(messageFeedback).set({ helpful }).where(key).returning())[0]!
          : (await tx.insert(messageFeedback).values({ messageId, visitorId: visitor.id, helpful }).returning())[0]!;
    const source = message.meta.sourceArticleIds?.[0];
    if (source) await countArticleVote(tx, source, before?.helpful, helpful);
    return {
      feedback: { messageId, helpful: row.helpful, createdAt: row.createdAt.toISOString() },
      created: !before,
      changed: before?.helpful !== helpful,
      conversationId: message.conversationId,
    };
  });
  if (result.changed) onChange?.({ conversationId: result.conversationId, messageId, helpful });
  return { feedback: result.feedback, created: result.created };
}
