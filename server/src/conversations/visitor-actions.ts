import { and, eq } from 'drizzle-orm';
import type { Deps } from '../core/deps';
import type { ConversationRow } from '../db/rows';
import { conversations, messages } from '../db/tables';
import { ApiError, notFound } from '../http/errors';
import { appendEvent, commitAndPublish } from '../realtime/event-log';
import { siteTopic, visitorTopic } from '../realtime/event-bus';
import { byVisitor } from './commands';
import { changeConversation } from './change';

/*
 * What a visitor (or an agent, for typing and reading) does to a conversation besides writing
 * in it: typing, read receipts, the end-of-chat rating. Asking for a person and judging a bot
 * answer are the bot's to act on: bot/handoff.ts, bot/feedback.ts.
 */

/**
 * Typing is ephemeral (docs/spec.md §6): published, never logged, to whoever reads the other side —
 * a visitor's to the site's agents; an agent's to the visitor and their colleagues; the
 * bot's to the visitor (it also tells the widget to drop a streamed draft nothing completed).
 */
export function publishTyping(
  deps: Pick<Deps, 'bus'>,
  conversation: Pick<ConversationRow, 'id' | 'siteId' | 'visitorId'>,
  author: 'visitor' | 'agent' | 'bot',
  isTyping: boolean,
) {
  const agents = siteTopic(conversation.siteId);
  const visitor = visitorTopic(conversation.visitorId);
  const topics = author === 'visitor' ? [agents] : author === 'agent' ? [visitor, agents] : [visitor];
  deps.bus.publish(topics, { type: 'typing', conversationId: conversation.id, author, isTyping });
}

/**
 * Moves `reader`'s read position forward to `messageId` (a message of this conversation)
 * and logs a `conversation.read` event; reading an older message changes nothing.
 */
export async function markRead(deps: Deps, conversation: ConversationRow, reader: 'visitor' | 'agent', messageId: number): Promise<ConversationRow> {
  const column = reader === 'visitor' ? 'visitorLastReadId' : 'agentLastReadId';
  const done = await commitAndPublish(deps, async (tx) => {
    const [message] = await tx
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.id, messageId), eq(messages.conversationId, conversation.id), eq(messages.internal, false)))
      .limit(1);
    if (!message) throw notFound('Message');
    const [row] = await tx.select().from(conversations).where(eq(conversations.id, conversation.id)).limit(1);
    if ((row![column] ?? 0) >= messageId) return { row: row!, logged: [] };
    const [updated] = await tx
      .update(conversations)
      .set({ [column]: messageId })
      .where(eq(conversations.id, row!.id))
      .returning();
    const logged = appendEvent(
      tx,
      { siteId: row!.siteId, visitorId: row!.visitorId },
      { type: 'conversation.read', conversationId: row!.id, reader, lastReadId: messageId },
    );
    return { row: updated!, logged: [logged] };
  });
  return done!.row;
}

/** The end-of-chat rating; only an ended conversation can be rated, and rated again. */
export async function rateConversation(deps: Deps, conversation: ConversationRow, rating: number, comment: string | undefined): Promise<ConversationRow> {
  if (conversation.status !== 'resolved') throw new ApiError(409, 'conflict', 'Only an ended conversation can be rated');
  return (await changeConversation(deps, conversation.id, { rating, ratingComment: comment ?? null }, byVisitor)) ?? conversation;
}
