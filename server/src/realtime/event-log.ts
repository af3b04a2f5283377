import { and, asc, count, eq, gt, inArray, lte, min, sql, type SQL } from 'drizzle-orm';
import type { DurableEvent } from '@parley/protocol';
import type { Db } from '../db/store';
import { events } from '../db/tables';
import { appendRows, lastCommittedEventId, type EventRow } from '../db/event-append';
import { writeMessagesAhead, type MessageWrite } from '../db/message-write';
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

/** The events each open transaction of commitAndPublish will append when its writes are done. */
const appending = new WeakMap<Db, { row: EventRow; logged: LoggedEvent }[]>();

/**
 * Appends to the events log. Call it inside commitAndPublish's transaction, with its `tx`, so
 * the change and its event commit together or not at all (docs/spec.md §6). The event is
 * written, and its id filled in, as the transaction's last statement (appendRows: ids in
 * commit order); the returned LoggedEvent is for commitAndPublish to publish after the commit.
 */
export function appendEvent(tx: Db, scope: EventScope, event: NewEvent): LoggedEvent {
  const queued = appending.get(tx);
  if (!queued) throw new Error('appendEvent runs inside commitAndPublish, with its transaction');
  const audience = scope.audience ?? 'all';
  const logged = { topics: topicsOf(scope), event: { ...event, id: 0 } as DurableEvent };
  queued.push({
    row: {
      siteId: scope.siteId,
      visitorId: scope.visitorId,
      conversationId: 'conversationId' in event ? event.conversationId : null,
      type: event.type,
      payload: event,
      audience,
    },
    logged,
  });
  return logged;
}

/** The streams an event goes to: its site's agents, and its visitor unless it is for agents only. */
export function topicsOf(scope: EventScope): Topic[] {
  const topics: Topic[] = [siteTopic(scope.siteId)];
  if (scope.visitorId && (scope.audience ?? 'all') === 'all') topics.push(visitorTopic(scope.visitorId));
  return topics;
}

/**
 * The writes from `from` on that run together: one, or the longest run of writes that each
 * begin with a message to a conversation no other of them writes to, whose messages can
 * then be written at once, before any of them runs, with the same outcome.
 */
function runFrom(writes: readonly QueuedWrite[], from: number): readonly QueuedWrite[] {
  const conversations = new Set<string>();
  let end = from;
  for (; end < writes.length; end++) {
    const message = writes[end]!.message;
    if (!message || conversations.has(message.row.conversationId)) break;
    conversations.add(message.row.conversationId);
  }
  return writes.slice(from, Math.max(end, from + 1));
}

/** Runs `writes` in one transaction that appends their events last. */
function inTransaction({ db, bus }: { db: Db; bus: EventBus }, writes: readonly QueuedWrite[]): Promise<Written[]> {
  return db.transaction(async (tx) => {
    const queued: { row: EventRow; logged: LoggedEvent }[] = [];
    appending.set(tx, queued);
    const out: Written[] = [];
    for (let i = 0; i < writes.length; ) {
      const run = runFrom(writes, i);
      if (run.length > 1) await writeMessagesAhead(tx, run.map((w) => w.message!));
      for (const w of run) out.push(await w.write(tx));
      i += run.length;
    }
    const ids = await appendRows(
      tx,
      queued.map((q) => q.row),
      bus.origin,
    );
    queued.forEach((q, i) => (q.logged.event.id = ids[i]!));
    return out;
  });
}

type Written = { logged: readonly LoggedEvent[] } | undefined;

interface QueuedWrite {
  write: (tx: Db) => Promise<Written>;
  message?: MessageWrite;
  done: (result: Written) => void;
  failed: (err: unknown) => void;
}

/** The log writes waiting in this process, per database, and whether a batch is under way. */
const queues = new WeakMap<Db, { waiting: QueuedWrite[]; draining: boolean }>();

/** A batch's transaction stays short: the writes queued meanwhile form the next one. */
const MAX_BATCH = 64;

/**
 * Runs `write` in a transaction (every query in it through its `tx`) and publishes the
 * events it logged only once that transaction has committed: a stream must never show a
 * change that could still roll back (docs/spec.md §6). Every write that appends events goes
 * through here. `write` returns undefined to say there was nothing to write; it may run more
 * than once (below, and PostgreSQL's retries: store.ts), so it does database work only.
 *
 * The events a transaction logged are appended as its last statement, in commit order across
 * every process (event-append.ts): a stream, which never sends an id below one it sent
 * (sse.ts), must never see a later id before an earlier one. These writes take turns in a
 * process, and the ones that queued while a transaction ran share the next one (a group
 * commit: one BEGIN, one append and one COMMIT for all, in their order), so publishing
 * follows commit order here too. A write that names the `message` it writes first thing
 * (writeMessage, given this same object) may have it written with the batch's others in one
 * statement (runFrom): a visitor's message, the hot path. A write that throws rolls back the
 * batch it was in; the others of that batch then run again, each on its own.
 */
export function commitAndPublish<T extends { logged: readonly LoggedEvent[] }>(
  deps: { db: Db; bus: EventBus },
  write: (tx: Db) => Promise<T | undefined>,
  { message }: { message?: MessageWrite } = {},
): Promise<T | undefined> {
  let queue = queues.get(deps.db);
  if (!queue) queues.set(deps.db, (queue = { waiting: [], draining: false }));
  const result = new Promise<T | undefined>((done, failed) => queue.waiting.push({ write, message, done: done as (r: Written) => void, failed }));
  if (!queue.draining) void drain(deps, queue);
  return result;
}

async function drain(deps: { db: Db; bus: EventBus }, queue: { waiting: QueuedWrite[]; draining: boolean }): Promise<void> {
  queue.draining = true;
  // Committed: publish, and answer the caller (with the bus's error, if a subscriber threw).
  const finish = (w: QueuedWrite, result: Written) => {
    try {
      for (const l of result?.logged ?? []) deps.bus.publish(l.topics, l.event);
      w.done(result);
    } catch (err) {
      w.failed(err);
    }
  };
  while (queue.waiting.length > 0) {
    const batch = queue.waiting.splice(0, MAX_BATCH);
    let results: Written[];
    try {
      results = await inTransaction(deps, batch);
    } catch (err) {
      if (batch.length === 1) batch[0]!.failed(err);
      else
        for (const w of batch) {
          try {
            finish(w, (await inTransaction(deps, [w]))[0]);
          } catch (own) {
            w.failed(own);
          }
        }
      continue;
    }
    batch.forEach((w, i) => finish(w, results[i]));
  }
  queue.draining = false;
}

/** What a stream reads of the events log: its own events, and where the log stands. */
export interface StreamLog {
  /** The stream's events after `afterId`, oldest first, at most `limit`. */
  after(afterId: number, limit: number): Promise<DurableEvent[]>;
  /**
   * How many of the stream's events there are after `afterId`, counting no further than
   * `limit`. On the index alone and unordered, so it costs `limit` however far behind the
   * client is: `after` for an agent's several sites sorts every row it matches.
   */
  countAfter(afterId: number, limit: number): Promise<number>;
  window(): Promise<LogWindow>;
}

export interface LogWindow {
  /** The id of the last event logged: a new stream's position. */
  head: number;
  /** Every event up to this id has been pruned (0 before any was): a client behind it missed some. */
  pruned: number;
}

/**
 * Where the log stands. The head is the last id committed (event-append.ts), which stays
 * even once pruning has emptied the table; ids are never reused.
 */
export async function logWindow(db: Db): Promise<LogWindow> {
  const head = await logHead(db);
  const [oldest] = await db.select({ id: min(events.id) }).from(events);
  return { head, pruned: (oldest?.id ?? head + 1) - 1 };
}

/** The id of the last event logged, even if pruned since; 0 before any. */
export const logHead = lastCommittedEventId;

/**
 * Deletes the oldest events, up to the first logged at or after `before` and at most `limit`
 * of them; says how many went. Always a prefix of the log (by id), so `logWindow().pruned`
 * is exact and no event goes before its time even if the clock once stepped back; read off
 * the primary key, as `created_at` has no index.
 */
export async function pruneEvents(db: Db, before: Date, limit: number): Promise<number> {
  const oldest = await db.select({ id: events.id, createdAt: events.createdAt }).from(events).orderBy(asc(events.id)).limit(limit);
  const young = oldest.findIndex((e) => e.createdAt >= before);
  const last = oldest[(young === -1 ? oldest.length : young) - 1];
  if (!last) return 0;
  return (await db.delete(events).where(lte(events.id, last.id)).returning({ id: events.id })).length;
}

function streamLog(db: Db, of: SQL | undefined): StreamLog {
  const where = (afterId: number) => and(of, gt(events.id, afterId));
  return {
    after: async (afterId, limit) =>
      (await db.select({ id: events.id, payload: events.payload }).from(events).where(where(afterId)).orderBy(asc(events.id)).limit(limit)).map(
        (r) => ({ ...r.payload, id: r.id }) as DurableEvent,
      ),
    countAfter: async (afterId, limit) => {
      const missed = db
        .select({ one: sql`1` })
        .from(events)
        .where(where(afterId))
        .limit(limit)
        .as('missed');
      const [row] = await db.select({ n: count() }).from(missed);
      return row?.n ?? 0;
    },
    window: () => logWindow(db),
  };
}

/** The visitor's durable events, never private notes: the widget's stream. */
export const visitorLog = (db: Db, visitorId: string): StreamLog => streamLog(db, and(eq(events.visitorId, visitorId), eq(events.audience, 'all')));

/** Every durable event of the given sites, private notes included: an agent's stream. */
export const siteLog = (db: Db, siteIds: readonly string[]): StreamLog => streamLog(db, inArray(events.siteId, [...siteIds]));
