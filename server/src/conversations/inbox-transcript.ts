import { inArray } from 'drizzle-orm';
import type { EmailDelivery } from '@parley/protocol';
import type { Db } from '../db/connection';
import type { EmailLogRow } from '../db/rows';
import { emailLog } from '../db/schema';

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
export function deliveriesOf(db: Db, messageIds: readonly number[]): Map<number, EmailDelivery> {
  if (messageIds.length === 0) return new Map();
  const rows = db.select().from(emailLog).where(inArray(emailLog.messageId, [...messageIds])).all();
  return new Map(rows.map((r) => [r.messageId, toEmailDelivery(r)]));
}
