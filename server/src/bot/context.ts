import { and, eq, sql } from 'drizzle-orm';
import { conversationContext, type ConversationContext } from '../conversations/context';
import type { MessageRow } from '../db/rows';
import type { Db } from '../db/store';
import { preparedFor } from '../db/prepared';
import { conversations, messages } from '../db/tables';

/** A bot turn: the message it answers (a visitor's) or follows up on (its own), in its conversation's context. */
export interface BotTurnContext extends ConversationContext {
  message: MessageRow;
}

const ph = sql.placeholder;
const statusOf = preparedFor('statusOf', (db) =>
  db
    .select({ status: conversations.status })
    .from(conversations)
    .where(eq(conversations.id, ph('conversationId'))),
);
// Every visitor message reaches the bot worker, most of them in conversations a person
// holds: the status is checked in this one indexed read, before the context is loaded.
const botsMessageByAuthor = preparedFor('botsMessageByAuthor', (db) =>
  db
    .select({ message: messages })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .where(and(eq(messages.id, ph('messageId')), eq(messages.authorType, ph('authorType')), eq(conversations.status, 'bot'))),
);

/** `messageId` in its context, when `authorType` wrote it and the conversation is the bot's. */
export async function botTurnContext(db: Db, messageId: number, authorType: 'visitor' | 'bot'): Promise<BotTurnContext | undefined> {
  const message = (await botsMessageByAuthor(db).execute({ messageId, authorType }))[0]?.message;
  const context = message && (await conversationContext(db, message.conversationId));
  return context && { ...context, message };
}

/** Whether the conversation is still the bot's: asked right before each write of a turn. */
export async function stillTheBots(db: Db, conversationId: string): Promise<boolean> {
  return (await statusOf(db).execute({ conversationId }))[0]?.status === 'bot';
}
