import { and, asc, count, eq, gt, inArray, lte, min, sql, type SQL } from 'drizzle-orm';
import type { DurableEvent } from '@parley/protocol';
import type { Db } from '../db/connection';
import { events } from '../db/schema';
import { preparedFor } from '../db/prepared';
import { siteTopic, visitorTopic, type EventBus, type Topic } from './event-bus';

/** A durable event without the id the log will give it. */
export type NewEvent = DurableEvent extends infer E ? (E extends DurableEvent ? Omit<E, 'id'> : never) : never;

export interface LoggedEvent {
  topics: Topic[];
  event: DurableEvent;
}

export interface EventScope {
  siteId: string;
  visitorId: string | null;
  /** `agents` keeps the event off the visitor's stream (private notes, internal changes). */
  audience?: 'all' | 'agents';
}

const insertEvent = preparedFor((db) =>
  db
    .insert(events)
    .values({
      siteId: sql.placeholder('siteId'),
      visitorId: sql.placeholder('visitorId'),
      conversationId: sql.placeholder('conversationId'),
      type: sql.placeholder('type'),
      payload: sql.placeholder('payload'),
      audience: sql.placeholder('audience'),
    })
    .returning({ id: events.id })
    .prepare(),
);

/**
 * Appends to the events log. Call it inside the transaction that makes the change, so the
 * change and its event commit together or not at all (docs/spec.md §6); publish the returned
 * LoggedEvent on the bus only after the commit. (better-sqlite3 has one connection, so the
 * statement prepared on `db` runs inside the transaction open on it.)
 */
export function appendEvent(db: Db, scope: EventScope, event: NewEvent): LoggedEvent {
  const audience = scope.audience ?? 'all';
  const row = insertEvent(db).get({
    siteId: scope.siteId,
    visitorId: scope.visitorId,
    conversationId: event.conversationId,
    type: event.type,
    payload: event,
    audience,
  });
  const topics: Topic[] = [siteTopic(scope.siteId)];
  if (scope.visitorId && audience === 'all') topics.push(visitorTopic(scope.visitorId));
  return { topics, event: { ...event, id: row.id } as DurableEvent };
}

/**
 * better-sqlite3's transaction function, built once: drizzle's `db.transaction` builds a new
 * one and a `tx` database object (a query builder per table) on every call, ~4 % of a
 * message POST's CPU, and `write` uses `db`, not `tx`, anyway. Nested in another
 * transaction it becomes a savepoint, as drizzle's did.
 */
const runInTransaction = preparedFor((db) => db.$client.transaction((write: () => unknown) => write()));

/**
 * Runs `write` in one IMMEDIATE transaction and publishes the events it logged only once
 * that transaction has committed: a stream must never show a change that could still roll
 * back (docs/spec.md §6). Every write that appends events goes through here. `write` returns
 * undefined to say there was nothing to write.
 */
export function commitAndPublish<T extends { logged: readonly LoggedEvent[] }>(
  deps: { db: Db; bus: EventBus },
  write: () => T | undefined,
): T | undefined {
  const result = runInTransaction(deps.db).immediate(write) as T | undefined;
  for (const l of result?.logged ?? []) deps.bus.publish(l.topics, l.event);
  return result;
}

/** What a stream reads of the events log: its own events, and where the log stands. */
export interface StreamLog {
  /** The stream's events after `afterId`, oldest first, at most `limit`. */
  after(afterId: number, limit: number): DurableEvent[];
  /**
   * How many of the stream's events there are after `afterId`, counting no further than
   * `limit`. On the index alone and unordered, so it costs `limit` however far behind the
   * client is: `after` for an agent's several sites sorts every row it matches.
   */
  countAfter(afterId: number, limit: number): number;
  window(): LogWindow;
}

export interface LogWindow {
  /** The id of the last event logged: a new stream's position. */
  head: number;
  /** Every event up to this id has been pruned (0 before any was): a client behind it missed some. */
  pruned: number;
}

/**
 * Where the log stands. The head comes from sqlite_sequence, which keeps the last id given
 * even once pruning has emptied the table; ids are never reused (AUTOINCREMENT).
 */
export function logWindow(db: Db): LogWindow {
  const head = logHead(db);
  const oldest = db.select({ id: min(events.id) }).from(events).get()?.id ?? null;
  return { head, pruned: (oldest ?? head + 1) - 1 };
}

/** The id of the last event logged, even if pruned since; 0 before any. */
export function logHead(db: Db): number {
  return db.get<{ seq: number } | undefined>(sql`select seq from sqlite_sequence where name = 'events'`)?.seq ?? 0;
}

/**
 * Deletes the oldest events, up to the first logged at or after `before` and at most `limit`
 * of them; says how many went. Always a prefix of the log (by id), so `logWindow().pruned`
 * is exact and no event goes before its time even if the clock once stepped back; read off
 * the primary key, as `created_at` has no index.
 */
export function pruneEvents(db: Db, before: Date, limit: number): number {
  const oldest = db.select({ id: events.id, createdAt: events.createdAt }).from(events).orderBy(asc(events.id)).limit(limit).all();
  const young = oldest.findIndex((e) => e.createdAt >= before);
  const last = oldest[(young === -1 ? oldest.length : young) - 1];
  return last ? db.delete(events).where(lte(events.id, last.id)).run().changes : 0;
}

function streamLog(db: Db, of: SQL | undefined): StreamLog {
  const where = (afterId: number) => and(of, gt(events.id, afterId));
  return {
    after: (afterId, limit) =>
      db
        .select({ id: events.id, payload: events.payload })
        .from(events)
        .where(where(afterId))
        .orderBy(asc(events.id))
        .limit(limit)
        .all()
        .map((r) => ({ ...r.payload, id: r.id }) as DurableEvent),
    countAfter: (afterId, limit) => {
      const missed = db.select({ one: sql`1` }).from(events).where(where(afterId)).limit(limit).as('missed');
      return db.select({ n: count() }).from(missed).get()?.n ?? 0;
    },
    window: () => logWindow(db),
  };
}

/** The visitor's durable events, never private notes: the widget's stream. */
export const visitorLog = (db: Db, visitorId: string): StreamLog => streamLog(db, and(eq(events.visitorId, visitorId), eq(events.audience, 'all')));

/** Every durable event of the given sites, private notes included: an agent's stream. */
export const siteLog = (db: Db, siteIds: readonly string[]): StreamLog => streamLog(db, inArray(events.siteId, [...siteIds]));
