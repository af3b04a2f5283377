import type { Db } from '../db/store';
import { pruneIdleBuckets } from '../db/rate-buckets';
import { pruneEvents } from './event-log';

/** Rows deleted per statement: a few milliseconds of the writer, which requests queue behind. */
const CHUNK = 1000;
const EVERY_MS = 60 * 60 * 1000;

/** More housekeeping for the same hourly pass (privacy retention); told when the server stops, to end early. */
export type Chore = (stopping: () => boolean) => Promise<unknown>;

/**
 * Keeps the events log to its retention (PARLEY_EVENTS_RETENTION_DAYS). The log only serves
 * streams catching up, and unpruned it grew without end. A pass deletes the oldest events a
 * chunk at a time and gives the event loop back between chunks, so a backlog of millions
 * never holds the writer for long; one pass at start, then hourly. A client whose position
 * was pruned gets a `reset` (realtime/sse.ts). The same pass deletes the shared rate limits'
 * idle buckets (db/rate-buckets.ts), then runs the chores it was given, each on its own.
 */
export class EventPruner {
  #timer: NodeJS.Timeout | undefined;
  #pass: Promise<unknown> | undefined;
  #stopped = false;

  constructor(
    private readonly db: Db,
    private readonly retentionMs: number,
    private readonly chores: readonly Chore[] = [],
  ) {}

  start(): void {
    const run = () => {
      this.#pass = this.prune()
        .catch((err: unknown) => console.error('[parley] pruning the events log failed', err))
        .finally(() => {
          if (!this.#stopped) this.#timer = setTimeout(run, EVERY_MS);
        });
    };
    this.#timer = setTimeout(run, 0);
  }

  /** Deletes every event older than the retention, chunk by chunk; resolves to how many. Idle rate buckets go too. */
  async prune(now = Date.now()): Promise<number> {
    await pruneIdleBuckets(this.db, now);
    const before = new Date(now - this.retentionMs);
    let pruned = 0;
    for (;;) {
      const n = await pruneEvents(this.db, before, CHUNK);
      pruned += n;
      if (n < CHUNK || this.#stopped) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    for (const chore of this.chores) {
      if (this.#stopped) break;
      await chore(() => this.#stopped).catch((err: unknown) => console.error('[parley] an hourly chore failed', err));
    }
    return pruned;
  }

  /** Stops after the chunk under way; the database stays open until then. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#pass;
  }
}
