import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
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

/** The visitor's durable events after `afterId`, oldest first: the replay for a reconnect. */
export function visitorEventsAfter(db: Db, visitorId: string, afterId: number, limit: number): DurableEvent[] {
  return db
    .select({ id: events.id, payload: events.payload })
    .from(events)
    .where(and(eq(events.visitorId, visitorId), eq(events.audience, 'all'), gt(events.id, afterId)))
    .orderBy(asc(events.id))
    .limit(limit)
    .all()
    .map((r) => ({ ...r.payload, id: r.id }) as DurableEvent);
}

/** Every durable event of the given sites after `afterId`, private notes included: an agent's replay. */
export function siteEventsAfter(db: Db, siteIds: readonly string[], afterId: number, limit: number): DurableEvent[] {
  if (siteIds.length === 0) return [];
  return db
    .select({ id: events.id, payload: events.payload })
    .from(events)
    .where(and(inArray(events.siteId, [...siteIds]), gt(events.id, afterId)))
    .orderBy(asc(events.id))
    .limit(limit)
    .all()
    .map((r) => ({ ...r.payload, id: r.id }) as DurableEvent);
}
