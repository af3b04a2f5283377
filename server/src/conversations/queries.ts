import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import type { Conversation, Message } from '@parley/protocol';
import type { Db } from '../db/connection';
import { agents, conversations, messages } from '../db/schema';
import { preparedFor } from '../db/prepared';
import { toConversation, toMessage, type ConversationRow } from './mappers';

const messageColumns = { message: messages, agentName: agents.name };

/** The visitor's own conversation, or undefined: another visitor's id looks like a missing one. */
const visitorConversation = preparedFor((db) =>
  db
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, sql.placeholder('id')), eq(conversations.visitorId, sql.placeholder('visitorId'))))
    .prepare(),
);

export function findVisitorConversation(db: Db, visitorId: string, id: string): ConversationRow | undefined {
  return visitorConversation(db).get({ id, visitorId });
}

/** Messages the visitor may see (never internal notes), oldest first, after a message id. */
export function visibleMessages(db: Db, conversationId: string, afterId: number, limit: number): Message[] {
  return db
    .select(messageColumns)
    .from(messages)
    .leftJoin(agents, eq(agents.id, messages.authorAgentId))
    .where(and(eq(messages.conversationId, conversationId), eq(messages.internal, false), gt(messages.id, afterId)))
    .orderBy(asc(messages.id))
    .limit(limit)
    .all()
    .map((r) => toMessage(r.message, { name: r.agentName, avatarUrl: null }));
}

function lastVisibleMessage(db: Db, conversationId: string): Message | null {
  const r = db
    .select(messageColumns)
    .from(messages)
    .leftJoin(agents, eq(agents.id, messages.authorAgentId))
    .where(and(eq(messages.conversationId, conversationId), eq(messages.internal, false)))
    .orderBy(desc(messages.id))
    .limit(1)
    .get();
  return r ? toMessage(r.message, { name: r.agentName, avatarUrl: null }) : null;
}

export function visitorConversations(db: Db, visitorId: string): Conversation[] {
  return db
    .select()
    .from(conversations)
    .where(eq(conversations.visitorId, visitorId))
    .orderBy(desc(conversations.updatedAt), desc(conversations.id))
    .limit(100)
    .all()
    .map((row) => toConversation(row, lastVisibleMessage(db, row.id)));
}
