import { and, eq, sql } from 'drizzle-orm';
import { conversationContext, type ConversationContext } from '../conversations/context';
import type { MessageRow } from '../conversations/mappers';
import type { Db } from '../db/connection';
import { preparedFor } from '../db/prepared';
import { conversations, messages } from '../db/schema';

/** A bot turn: the message it answers (a visitor's) or follows up on (its own), in its conversation's context. */
export interface BotTurnContext extends ConversationContext {
  message: MessageRow;
}

const ph = sql.placeholder;
const statusOf = preparedFor((db) =>
  db
    .select({ status: conversations.status })
    .from(conversations)
    .where(eq(conversations.id, ph('conversationId')))
    .prepare(),
);
const messageByAuthor = preparedFor((db) =>
  db
    .select()
    .from(messages)
    .where(and(eq(messages.id, ph('messageId')), eq(messages.authorType, ph('authorType'))))
    .prepare(),
);

/** `messageId` in its context, when `authorType` wrote it. */
export function botTurnContext(db: Db, messageId: number, authorType: 'visitor' | 'bot'): BotTurnContext | undefined {
  const message = messageByAuthor(db).get({ messageId, authorType });
  const context = message && conversationContext(db, message.conversationId);
  return context && { ...context, message };
}

/** Whether the conversation is still the bot's: asked right before each write of a turn. */
export function stillTheBots(db: Db, conversationId: string): boolean {
  return statusOf(db).get({ conversationId })?.status === 'bot';
}
