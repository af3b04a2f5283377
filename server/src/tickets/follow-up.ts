import { eq } from 'drizzle-orm';
import type { Message, MessageMeta } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { conversations, visitors } from '../db/tables';
import { notFound } from '../http/errors';
import { ClosedTicket, postVisitorMessage } from '../conversations/commands';
import { toMessage } from '../conversations/mappers';
import { messageByClientId } from '../conversations/queries';
import type { ConversationRow } from '../db/rows';
import { openTicket } from './commands';

/** Mails a new ticket's acknowledgement (the email follow-up, by name where it is mounted). */
export type OnTicketOpened = (conversationId: string, firstMessageId: number) => Promise<void>;

/**
 * A visitor's message to a closed ticket, which the write refused (ClosedTicket): a new ticket
 * with the closed one's subject, category and priority, linked to it (`followsUpId`), holds
 * the message and waits for the team like any new one. The message's client id is the new
 * ticket's, so a retried send finds the ticket it opened, and the message in it.
 */
async function replyToClosedTicket(
  deps: Deps,
  closedId: string,
  clientId: string,
  body: string,
  meta?: MessageMeta,
  onOpened?: OnTicketOpened,
): Promise<{ message: Message; created: boolean }> {
  const { db } = deps;
  const [found] = await db.select().from(conversations).innerJoin(visitors, eq(visitors.id, conversations.visitorId)).where(eq(conversations.id, closedId)).limit(1);
  if (!found) throw notFound('Conversation');
  const closed = found.conversations;
  const ticket = { clientId, subject: closed.subject ?? '', category: closed.category, priority: closed.priority, followsUpId: closed.id, body, meta };
  const opened = await openTicket(deps, found.visitors, ticket);
  if (opened.first) {
    await onOpened?.(opened.conversation.id, opened.first.id);
    return { message: opened.first, created: true };
  }
  const stored = await messageByClientId(db, opened.conversation.id, clientId);
  if (!stored) throw notFound('Conversation');
  return { message: toMessage(stored), created: false };
}

/**
 * A visitor's message through the one write every way in uses (widget, email, WhatsApp):
 * stored in its conversation, or, when that is a closed ticket, in the new ticket it opens.
 */
export function postVisitorReply(
  deps: Deps,
  conversation: Pick<ConversationRow, 'id' | 'visitorId'>,
  clientId: string,
  body: string,
  meta?: MessageMeta,
  onOpened?: OnTicketOpened,
): Promise<{ message: Message; created: boolean }> {
  return postVisitorMessage(deps, conversation, clientId, body, meta).catch((err: unknown) => {
    if (err instanceof ClosedTicket) return replyToClosedTicket(deps, err.conversationId, clientId, body, meta, onOpened);
    throw err;
  });
}
