import { randomUUID } from 'node:crypto';
import { asc, gt } from 'drizzle-orm';
import pg from 'pg';
import type { DurableEvent } from '@parley/protocol';
import type { Db } from '../db/store';
import { events } from '../db/tables';
import { LOG_CHANNEL } from '../db/event-append';
import { logHead, topicsOf } from './event-log';
import type { EventBus, Listener, Observer, StreamEvent, Topic } from './event-bus';
import { InProcessEventBus } from './in-process-bus';

/** Ephemeral events (typing, a session's end) travel on this channel, whole: they are in no log. */
const SIGNAL_CHANNEL = 'parley_signals';
/** PostgreSQL refuses a notification payload of 8000 bytes or more. */
const MAX_SIGNAL_BYTES = 7_999;
/** Rows read from the log at a time. */
const PAGE = 500;
const RECONNECT_MS = { first: 100, max: 5_000 };

interface Signal {
  from: string;
  topics: readonly Topic[];
  event: StreamEvent;
}

/**
 * The bus of a process that shares its PostgreSQL with others (docs/architecture.md,
 * "Several processes"). Streams get durable events from the events log, read from a cursor
 * in id order, which is commit order in every process (event-append.ts), so no process
 * misses or reorders one, its own included. A notification wakes the reader: each append
 * sends one at commit, naming its process. This process's own commits come to publish
 * instead, which hands them straight to the streams when they are the log's next (the usual
 * case: a read of the log per commit saved) and otherwise reads up to them. Notifications are
 * lost while the LISTEN connection is down; it is opened again, and the log read again from
 * the cursor. Ephemeral events go to this process's streams in publish order (after the
 * durable ones published before them) and to the others' by NOTIFY. Observers (the bot, routing) see only what this process commits, right after the
 * commit, so each change is reacted to once, by the process that made it.
 */
export class PgEventBus implements EventBus {
  /** This process's streams: fed by the log's reader, and by ephemeral events. */
  readonly #local = new InProcessEventBus();
  /** This process's observers: shown its commits, never another process's. */
  readonly #committed = new InProcessEventBus();
  readonly origin = randomUUID();
  #cursor = 0;
  /** The last durable event this process published: its streams hear it once the reader reaches it. */
  #published = 0;
  /** This process's ephemeral events that follow a durable one not yet read, in publish order. */
  readonly #behind: { after: number; topics: readonly Topic[]; event: StreamEvent }[] = [];
  #listener: pg.Client | undefined;
  #reading: Promise<void> | undefined;
  #again = false;
  #closed = false;
  #retry: NodeJS.Timeout | undefined;
  #backoff = RECONNECT_MS.first;

  private constructor(
    private readonly db: Db,
    private readonly pool: pg.Pool,
  ) {}

  /** Starts at the log's head, listening. */
  static async start(db: Db, pool: pg.Pool): Promise<PgEventBus> {
    const bus = new PgEventBus(db, pool);
    bus.#cursor = await logHead(db);
    try {
      await bus.#listen();
    } catch (err) {
      await bus.close();
      throw err;
    }
    return bus;
  }

  /** Whether the LISTEN connection is up (the readiness probe asks). */
  ready(): boolean {
    return this.#listener !== undefined;
  }

  publish(topics: readonly Topic[], event: StreamEvent): void {
    if ('id' in event) {
      this.#published = Math.max(this.#published, event.id);
      this.#committed.publish(topics, event);
      // The log's next event, with no read under way that could bring it too: no other
      // process's can come before it, so the streams have it without a read of the log.
      if (!this.#reading && event.id === this.#cursor + 1) this.#deliver(topics, event);
      else this.#catchUp();
      return;
    }
    // Publish order holds on this process's streams: a bot's "done typing" never overtakes the
    // answer it committed just before.
    if (this.#cursor < this.#published) this.#behind.push({ after: this.#published, topics, event });
    else this.#local.publish(topics, event);
    const signal = JSON.stringify({ from: this.origin, topics, event } satisfies Signal);
    if (Buffer.byteLength(signal) > MAX_SIGNAL_BYTES) return void console.error(`[parley] a ${event.type} event is too large to signal other processes`);
    this.pool
      .query('select pg_notify($1, $2)', [SIGNAL_CHANNEL, signal])
      .catch((err: unknown) => console.error('[parley] signal to other processes failed', err));
  }

  subscribe(topic: Topic, listener: Listener): () => void {
    return this.#local.subscribe(topic, listener);
  }

  observe(observer: Observer): () => void {
    return this.#committed.observe(observer);
  }

  listenerCount(): number {
    return this.#local.listenerCount();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    const listener = this.#listener;
    this.#listener = undefined;
    await listener?.end().catch(() => {});
    await this.#reading;
  }

  /** Moves the cursor to `event`, the log's next, and gives it to the streams, with the ephemeral events that waited for it. */
  #deliver(topics: readonly Topic[], event: DurableEvent): void {
    this.#cursor = event.id;
    this.#local.publish(topics, event);
    while (this.#behind[0] && this.#behind[0].after <= this.#cursor) {
      const { topics, event } = this.#behind.shift()!;
      this.#local.publish(topics, event);
    }
  }

  /** Reads the log from the cursor to its end; a wake-up meanwhile reads again after. */
  #catchUp(): void {
    if (this.#reading) return void (this.#again = true);
    this.#reading = (async () => {
      do {
        this.#again = false;
        const rows = await this.db
          .select({ id: events.id, siteId: events.siteId, visitorId: events.visitorId, audience: events.audience, payload: events.payload })
          .from(events)
          .where(gt(events.id, this.#cursor))
          .orderBy(asc(events.id))
          .limit(PAGE);
        for (const row of rows) this.#deliver(topicsOf(row), { ...row.payload, id: row.id } as DurableEvent);
        if (rows.length === PAGE) this.#again = true;
      } while (this.#again && !this.#closed);
    })()
      .catch((err: unknown) => {
        console.error('[parley] reading the events log failed; trying again', err);
        if (!this.#closed) setTimeout(() => this.#catchUp(), RECONNECT_MS.max).unref();
      })
      .finally(() => (this.#reading = undefined));
  }

  async #listen(): Promise<void> {
    const client = new pg.Client({ ...this.pool.options, keepAlive: true });
    client.on('notification', (n) => {
      // This process's own appends reach its streams from publish, in commit order.
      if (n.channel === LOG_CHANNEL) return void (n.payload === this.origin || this.#catchUp());
      this.#signal(n.payload);
    });
    // A lost connection ends the client: 'end' follows 'error', and listening starts over.
    client.on('error', (err) => console.error('[parley] LISTEN connection lost', err.message));
    client.on('end', () => {
      if (this.#listener !== client) return;
      this.#listener = undefined;
      this.#retryLater(() => void this.#listen().catch(() => {}));
    });
    try {
      await client.connect();
      await client.query(`listen ${LOG_CHANNEL}; listen ${SIGNAL_CHANNEL}`);
    } catch (err) {
      await client.end().catch(() => {});
      if (this.#closed) return;
      this.#retryLater(() => void this.#listen().catch(() => {}));
      throw err;
    }
    if (this.#closed) return void (await client.end());
    this.#listener = client;
    this.#backoff = RECONNECT_MS.first;
    // Whatever was appended while nobody listened.
    this.#catchUp();
  }

  #retryLater(again: () => void): void {
    if (this.#closed) return;
    clearTimeout(this.#retry);
    this.#retry = setTimeout(again, this.#backoff);
    this.#backoff = Math.min(this.#backoff * 2, RECONNECT_MS.max);
  }

  #signal(payload: string | undefined): void {
    try {
      const signal = JSON.parse(payload ?? '') as Signal;
      if (signal.from !== this.origin) this.#local.publish(signal.topics, signal.event);
    } catch (err) {
      console.error('[parley] a signal from another process was not understood', err);
    }
  }
}
