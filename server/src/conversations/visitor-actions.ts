import { and, eq } from 'drizzle-orm';
import type { ChangedBy, Feedback } from '@parley/protocol';
import type { AppDeps } from '../core/deps';
import { conversations, messageFeedback, messages } from '../db/schema';
import { ApiError, notFound } from '../http/errors';
import { countArticleVote } from '../kb/feedback';
import { appendEvent, commitAndPublish } from '../realtime/event-log';
import { siteTopic, visitorTopic } from '../realtime/event-bus';
import type { VisitorRow } from '../auth/visitor-auth';
import { changeConversation, type AgentNote, type ConversationPatch, type SystemLine } from './commands';
import type { ConversationRow } from './mappers';

/*
 * What a visitor does to a conversation besides writing in it: typing, read receipts,
 * asking for a person, rating it, judging a bot answer. The bot and the inbox hook into
 * these (handoff and feedback are theirs to act on; readers may be agents too).
 */

type Deps = Pick<AppDeps, 'db' | 'bus' | 'config' | 'hooks'>;

/**
 * The seam through which the bot takes part in these actions without conversations/
 * importing it (the dependency points from bot/ to here): registered on AppDeps at start.
 */
export interface VisitorActionHooks {
  /** The agents' summary, triage and the visitor's line for a handoff the visitor asked for, committed with the status change. */
  handoffBriefing(conversationId: string, reason: VisitorHandoffReason): { note: AgentNote; patch: ConversationPatch; systemMessage: SystemLine };
  /** A visitor's vote on a bot answer was stored or changed (after the commit). */
  feedbackGiven(vote: { conversationId: string; messageId: number; helpful: boolean }): void;
}
const byVisitor: ChangedBy = { type: 'visitor', agentId: null };

/** How a visitor asks for a person: "Talk to a person", or writing by email (email/inbound.ts). */
export type VisitorHandoffReason = 'visitor_request' | 'email_reply';

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
export function markRead(deps: Deps, conversation: ConversationRow, reader: 'visitor' | 'agent', messageId: number): ConversationRow {
  const column = reader === 'visitor' ? 'visitorLastReadId' : 'agentLastReadId';
  const { db } = deps;
  return commitAndPublish(deps, () => {
    const message = db
      .select({ id: messages.id })
      .from(messages)
      .where(and(eq(messages.id, messageId), eq(messages.conversationId, conversation.id), eq(messages.internal, false)))
      .get();
    if (!message) throw notFound('Message');
    const row = db.select().from(conversations).where(eq(conversations.id, conversation.id)).get()!;
    if ((row[column] ?? 0) >= messageId) return { row, logged: [] };
    const updated = db.update(conversations).set({ [column]: messageId }).where(eq(conversations.id, row.id)).returning().get();
    const logged = appendEvent(
      db,
      { siteId: row.siteId, visitorId: row.visitorId },
      { type: 'conversation.read', conversationId: row.id, reader, lastReadId: messageId },
    );
    return { row: updated, logged: [logged] };
  })!.row;
}

/**
 * "Talk to a person": bot → queued, with the bot's summary for the agents in the same
 * transaction. Already with a person: unchanged. Ended: 409.
 */
export function requestHandoff(
  deps: Deps,
  conversation: ConversationRow,
  reason: VisitorHandoffReason = 'visitor_request',
  /** More to change in the same write (an emailed reply also flags the email follow-up). */
  also: ConversationPatch = {},
): ConversationRow {
  if (conversation.status === 'resolved') throw new ApiError(409, 'conflict', 'The conversation has ended: start a new one');
  if (conversation.status !== 'bot') return conversation;
  const briefing = deps.hooks?.handoffBriefing(conversation.id, reason);
  const patch: ConversationPatch = { ...also, ...briefing?.patch, status: 'queued' };
  return changeConversation(deps, conversation.id, patch, byVisitor, briefing ?? {}) ?? conversation;
}

/** The end-of-chat rating; only an ended conversation can be rated, and rated again. */
export function rateConversation(deps: Deps, conversation: ConversationRow, rating: number, comment: string | undefined): ConversationRow {
  if (conversation.status !== 'resolved') throw new ApiError(409, 'conflict', 'Only an ended conversation can be rated');
  return changeConversation(deps, conversation.id, { rating, ratingComment: comment ?? null }, byVisitor) ?? conversation;
}

/**
 * "Was this helpful?" on a bot message of the visitor's own conversation, one vote per
 * visitor and message: `created` on the first, and a changed answer replaces it. Each vote
 * counts on the answer's source article at once (a change of mind moves the count), and
 * the bot hears of it after the commit, so it can offer a person without waiting for the
 * visitor's next message.
 */
export function recordFeedback(deps: Deps, visitor: VisitorRow, messageId: number, helpful: boolean): { feedback: Feedback; created: boolean } {
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
  if (result.changed) deps.hooks?.feedbackGiven({ conversationId: result.conversationId, messageId, helpful });
  return { feedback: result.feedback, created: result.created };
}
