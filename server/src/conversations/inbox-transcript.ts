import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import type { EmailDelivery, InboxMessage, InboxMessagePage } from '@parley/protocol';
import type { Deps } from '../core/deps';
import type { Db } from '../db/store';
import type { EmailLogRow, MessageRow } from '../db/rows';
import { emailLog, messages } from '../db/tables';
import { authorInfo, toMessage, type AuthorInfo } from './mappers';
import { withAuthors } from './queries';

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

/** The delivery of each of these messages that was mailed (one read for a page of messages). */
export async function deliveriesOf(db: Db, messageIds: readonly number[]): Promise<Map<number, EmailDelivery>> {
  if (messageIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(emailLog)
    .where(inArray(emailLog.messageId, [...messageIds]));
  return new Map(rows.map((r) => [r.messageId, toEmailDelivery(r)]));
}

export function toInboxMessage(row: MessageRow, author: AuthorInfo, delivery: EmailDelivery | undefined): InboxMessage {
  return { ...toMessage(row, author), internal: row.internal, emailDelivery: delivery ?? null };
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
