import { sql } from 'drizzle-orm';
import type { Pool } from 'pg';
import { isEngine } from './dialect';
import { connectionOf } from './prepared';
import type { Db } from './store';

/** Tables an erasure deletes from (privacy/erase.ts), directly or by cascade. */
const ERASED_FROM = [
  'visitors',
  'visitor_tokens',
  'consent_records',
  'conversations',
  'messages',
  'events',
  'email_log',
  'conversation_reads',
  'message_feedback',
  'article_feedback',
  'bot_gap_reviews',
  'webhook_deliveries',
  'rate_buckets',
];

const CHECKPOINT_TRIES = 20;

/**
 * Makes rows just deleted unreadable from the database's files, after an erasure. SQLite
 * zeroes a deleted row where it lay (secure_delete, set when the store opens), but the WAL
 * still holds the page images that wrote it: checkpoint the WAL into the file and truncate it.
 * PostgreSQL keeps deleted rows in its pages until a vacuum reclaims them: vacuum the tables.
 */
export async function scrubDeleted(db: Db): Promise<void> {
  if (isEngine('postgres')) {
    // Outside any transaction (VACUUM refuses one), on whichever pooled connection is free.
    await (connectionOf(db) as Pool).query(`vacuum ${ERASED_FROM.join(', ')}`);
    return;
  }
  for (let i = 0; i < CHECKPOINT_TRIES; i++) {
    // [busy, WAL frames, frames checkpointed]: busy while another connection checkpoints or reads an old snapshot.
    const [busy] = (await db.all<[number, number, number]>(sql`pragma wal_checkpoint(TRUNCATE)`))[0] ?? [0];
    if (busy === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  console.error('[parley] could not truncate the WAL after an erasure: it is overwritten by later writes');
}
