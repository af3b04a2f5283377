import { sql } from 'drizzle-orm';
import type { Db } from './store';
import { namedQuery } from './prepared';
import { isEngine, lastEventIdGiven } from './dialect';
import { events } from './tables';

/*
 * Appending to the events log, and reading where it ends, so that event ids are in commit
 * order on every engine: a reader that has seen id n has then seen every id below n, however
 * many processes write. On SQLite writers take turns anyway. On PostgreSQL an id is taken at
 * insert and seen at commit, so a transaction appends its events last, under a transaction
 * advisory lock that it holds through its commit: the next appender takes its ids only once
 * this one's are visible (docs/decisions.md, "Event ids in commit order across processes").
 */

/** Any number: every process that appends to the log takes the same lock. */
export const LOG_LOCK = 727_101_002;
/** The channel on which an append wakes every process's reader (its payload: the appender's EventBus.origin). */
export const LOG_CHANNEL = 'parley_log';

export interface EventRow {
  siteId: string;
  visitorId: string | null;
  conversationId: string | null;
  type: string;
  /** The event as sent to clients, minus its id. */
  payload: object;
  audience: 'all' | 'agents';
}

/**
 * Appends `rows` in their order and gives back their ids, in the same order. Call it once per
 * transaction, as its last statement (commitAndPublish does): on PostgreSQL it takes the log's
 * lock, which then waits for the commit, and wakes every process's reader, saying `origin`.
 */
export async function appendRows(tx: Db, rows: readonly EventRow[], origin = ''): Promise<number[]> {
  if (rows.length === 0) return [];
  if (isEngine('postgres')) return appendOnPostgres(tx, rows, origin);
  // One writer at a time on SQLite: the ids of one insert are consecutive, in row order.
  const ids = await tx
    .insert(events)
    .values([...rows] as (typeof events.$inferInsert)[])
    .returning({ id: events.id });
  return ids.map((r) => r.id).sort((a, b) => a - b);
}

/*
 * The lock and the notification are CTEs of the insert: a CTE that calls a volatile function is
 * computed once, before the insert takes its first row (and so its first id). The notification
 * is sent at commit, and PostgreSQL folds a transaction's identical ones into one. The arrays
 * come through a materialized `p` so that one plan serves every batch size (message-write.ts).
 */
const APPEND = `
with locked as (select pg_advisory_xact_lock(${LOG_LOCK})),
  woken as (select pg_notify('${LOG_CHANNEL}', $7)),
  p as materialized (select $1::text[] as a1, $2::text[] as a2, $3::text[] as a3, $4::text[] as a4, $5::jsonb[] as a5, $6::text[] as a6)
insert into events (site_id, visitor_id, conversation_id, type, payload, audience)
select r.site_id, r.visitor_id, r.conversation_id, r.type, r.payload, r.audience
from locked, woken, p, unnest(a1, a2, a3, a4, a5, a6) with ordinality as r(site_id, visitor_id, conversation_id, type, payload, audience, n)
order by r.n
returning id`;

async function appendOnPostgres(tx: Db, rows: readonly EventRow[], origin: string): Promise<number[]> {
  const appended = await namedQuery<{ id: number }>(tx, 'appendEvents', APPEND, [
    rows.map((r) => r.siteId),
    rows.map((r) => r.visitorId),
    rows.map((r) => r.conversationId),
    rows.map((r) => r.type),
    rows.map((r) => JSON.stringify(r.payload)),
    rows.map((r) => r.audience),
    origin,
  ]);
  // Taken one after another under the lock, in row order.
  return appended.map((r) => r.id).sort((a, b) => a - b);
}

/**
 * The id of the last event committed to the log, even if pruned since; 0 before any. On
 * PostgreSQL it waits for an append under way to commit (its ids are taken but not yet seen:
 * a stream that started past them would never send them), with the log's lock shared for
 * the length of the one statement.
 */
export async function lastCommittedEventId(db: Db): Promise<number> {
  const head = isEngine('postgres')
    ? sql`(select ${lastEventIdGiven()} from (select pg_advisory_xact_lock_shared(${sql.raw(String(LOG_LOCK))})) as locked)`
    : lastEventIdGiven();
  const [row] = await db.select({ head }).from(sql`(select 1) as one`);
  return Number(row?.head ?? 0);
}
