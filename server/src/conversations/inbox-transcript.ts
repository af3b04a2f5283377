import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import type { EmailDelivery, InboxMessage, InboxMessagePage, Message, WhatsAppDelivery } from '@parley/protocol';
import { avatarUrlOf } from '../avatars/avatars';
import type { Deps } from '../core/deps';
import type { Db } from '../db/store';
import type { AgentRow, EmailLogRow, MessageRow, WhatsAppMessageRow } from '../db/rows';
import { emailLog, messages, whatsappMessages } from '../db/tables';
import { authorInfo, toMessage, type AuthorInfo } from './mappers';
import { messageByClientId, withAuthors } from './queries';

/**
 * A mailed reply's outbox row as the inbox shows it. A pending row is `sending` until an
 * attempt has failed, then `retrying` with that failure, including while the retry is under way.
 */
export function toEmailDelivery(row: EmailLogRow): EmailDelivery {
  const status = row.status === 'pending' ? (row.error === null ? 'sending' : 'retrying') : row.status;
  return {
    status,
    to: row.to,
    attempts: row.attempts,
    error: row.error,
    nextAttemptAt: status === 'retrying' ? (row.nextAttemptAt?.toISOString() ?? null) : null,
  };
}

/** A message's outbound row to WhatsApp as the inbox shows it (whatsapp/outbound.ts). */
export function toWhatsAppDelivery(row: WhatsAppMessageRow): WhatsAppDelivery {
  return {
    status: row.status,
    attempts: row.attempts,
    error: row.error,
    nextAttemptAt: row.status === 'queued' && row.error !== null ? (row.nextAttemptAt?.toISOString() ?? null) : null,
  };
}

/** How a message went out beyond the widget: by mail, or to WhatsApp. */
export type Deliveries = Pick<InboxMessage, 'emailDelivery' | 'whatsappDelivery'>;

/** The deliveries of each of these messages that was mailed or sent to WhatsApp (two reads for a page of messages). */
export async function deliveriesOf(db: Db, messageIds: readonly number[]): Promise<Map<number, Deliveries>> {
  const out = new Map<number, Deliveries>();
  if (messageIds.length === 0) return out;
  const of = (id: number) => out.get(id) ?? out.set(id, { emailDelivery: null, whatsappDelivery: null }).get(id)!;
  for (const r of await db.select().from(emailLog).where(inArray(emailLog.messageId, [...messageIds]))) of(r.messageId).emailDelivery = toEmailDelivery(r);
  for (const r of await db.select().from(whatsappMessages).where(inArray(whatsappMessages.messageId, [...messageIds])))
    of(r.messageId).whatsappDelivery = toWhatsAppDelivery(r);
  return out;
}

export function toInboxMessage(row: MessageRow, author: AuthorInfo, deliveries: Deliveries | undefined): InboxMessage {
  return inboxMessageOf(toMessage(row, author), row.internal, deliveries);
}

function inboxMessageOf(message: Message, internal: boolean, deliveries: Deliveries | undefined): InboxMessage {
  return { ...message, internal, emailDelivery: null, whatsappDelivery: null, ...deliveries };
}

/** An agent's message just stored, as the inbox shows it: its mail or WhatsApp send is already queued, so it can say "sending". */
export async function sentByAgent(db: Db, message: Message, internal: boolean): Promise<InboxMessage> {
  return inboxMessageOf(message, internal, (await deliveriesOf(db, [message.id])).get(message.id));
}

/** The agent's message with this client id in the conversation, when a retry finds it stored: the answer of the first try. */
export async function storedAgentMessage(deps: Pick<Deps, 'db' | 'config'>, conversationId: string, clientId: string, agent: Pick<AgentRow, 'id' | 'name'>): Promise<InboxMessage | undefined> {
  const { db } = deps;
  const existing = await messageByClientId(db, conversationId, clientId);
  if (!existing) return undefined;
  const author = { name: agent.name, avatarUrl: await avatarUrlOf(db, deps.config.PUBLIC_URL, agent.id) };
  return toInboxMessage(existing, author, (await deliveriesOf(db, [existing.id])).get(existing.id));
}

/**
 * Up to `limit` messages of the conversation before message id `before` (without it, the
 * newest), oldest first, private notes included: the agent's transcript is read from its
 * newest end, so a long conversation's latest messages are always there. One row more than
 * the page says whether earlier ones exist; the (conversation, id) index serves it.
 */
export async function transcriptPage(
  { db, config }: Pick<Deps, 'db' | 'config'>,
  conversationId: string,
  before: number | undefined,
  limit: number,
): Promise<InboxMessagePage> {
  const rows = await withAuthors(db)
    .where(and(eq(messages.conversationId, conversationId), before === undefined ? undefined : lt(messages.id, before)))
    .orderBy(desc(messages.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit).reverse();
  const deliveries = await deliveriesOf(
    db,
    page.map((r) => r.message.id),
  );
  return {
    messages: page.map((r) => toInboxMessage(r.message, authorInfo(config.PUBLIC_URL, r.message, r), deliveries.get(r.message.id))),
    hasOlder: rows.length > limit,
  };
}
