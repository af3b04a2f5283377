/** Past an hour apart, a try more or less changes nothing. */
const MAX_BACKOFF_MS = 60 * 60 * 1000;

/** How long after the `attempt`th failed try (from 1) the next is due: `firstSeconds`, doubling each time, at most an hour. */
export const backoffMs = (firstSeconds: number, attempt: number) => Math.min(firstSeconds * 1000 * 2 ** (attempt - 1), MAX_BACKOFF_MS);

/** What an outbox table offers its runner: when the next row is due, leasing due rows, trying one. */
export interface OutboxRows<R> {
  /** When the earliest row that could be claimed is due; undefined when none waits. */
  nextDue(): Promise<Date | undefined>;
  /**
   * Leases up to `limit` due rows in one statement that re-checks they are due as it updates
   * them, so a row is claimed by one try in whichever process; the lease moves the row's next
   * try past the end of the try under way.
   */
  claim(limit: number): Promise<R[]>;
  /** One try of a claimed row, ending with its outcome recorded (by the lease holder only). */
  attempt(row: R): Promise<void>;
}

export interface OutboxOptions {
  /** Tries under way at once: one slow receiver holds up no other, and each sees a handful of connections at most. */
  maxInFlight: number;
  /** How long a claim holds a row; a try is abandoned well before, so the lease outlives every live try. */
  leaseMs: number;
  /** For the log: what failed. */
  name: string;
}

/**
 * Runs a durable outbox shared by any number of processes (the email follow-up, webhook
 * deliveries): one timer, set for the earliest due row and never further off than a lease
 * (rows another process queued wake only it, and when that one dies its rows are due here
 * once their lease ends); up to `maxInFlight` tries at once, each ending wakes it again;
 * `stop()` waits for the tries under way, so the database is never closed under one.
 */
export class LeasedOutbox<R> {
  readonly #sending = new Set<Promise<void>>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running = false;

  constructor(
    private readonly rows: OutboxRows<R>,
    private readonly opts: OutboxOptions,
  ) {}

  async start(): Promise<void> {
    this.#running = true;
    await this.wake();
  }

  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    await Promise.all([...this.#sending]);
  }

  /** Something was queued, or may be due: set the timer again. No timer while the tries are at the cap: each one ending wakes it. */
  async wake(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#running || this.#sending.size >= this.opts.maxInFlight) return;
    const next = await this.rows.nextDue();
    const wait = next ? Math.max(0, next.getTime() - Date.now()) : Infinity;
    this.#timer = setTimeout(() => void this.#sendDue().catch(this.#logFailure), Math.min(wait, this.opts.leaseMs)).unref();
  }

  /** A failed try, wake-up or timer run is logged; the row stays due and the next wake-up tries again. */
  readonly #logFailure = (err: unknown) => console.error(`[parley] ${this.opts.name} failed`, err);

  async #sendDue(): Promise<void> {
    this.#timer = undefined;
    const free = this.opts.maxInFlight - this.#sending.size;
    for (const row of free > 0 ? await this.rows.claim(free) : []) {
      const sending = this.rows
        .attempt(row)
        .catch(this.#logFailure)
        .finally(() => {
          this.#sending.delete(sending);
          return this.wake().catch(this.#logFailure);
        });
      this.#sending.add(sending);
    }
    await this.wake();
  }
}
