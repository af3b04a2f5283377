import { Worker } from 'node:worker_threads';
import { paths } from '../config/paths';
import type Database from 'better-sqlite3';

/** How often the thread checkpoints: at full load the WAL then holds well under a second of commits. */
const EVERY_MS = 250;
/**
 * The writer's own automatic checkpoint, kept as a safety net should the thread fall behind:
 * 10,000 pages (40 MB), far above what the thread lets pile up.
 */
const FALLBACK_PAGES = 10_000;
const SQLITE_DEFAULT_PAGES = 1000;

/**
 * Moves WAL checkpoints off the event loop. By default SQLite checkpoints inside the commit
 * that crosses 1,000 WAL pages, on the writing connection: with a message writing ~16
 * pages, every ~60th message's commit copied pages and waited on two fsyncs, stalling every
 * request and stream behind it (docs/benchmarks.md). Durability is unchanged: a commit is
 * in the WAL either way. In-memory databases have no WAL and get no thread.
 */
export class Checkpointer {
  #worker: Worker | undefined;
  #stopping = false;

  constructor(private readonly sqlite: Database.Database) {}

  /** The thread, while there is one (tests end it to play a crash). */
  get thread(): Worker | undefined {
    return this.#worker;
  }

  start(): void {
    const { sqlite } = this;
    if (sqlite.memory) return;
    sqlite.pragma(`wal_autocheckpoint = ${FALLBACK_PAGES}`);
    const worker = new Worker(paths.checkpointThread, { workerData: { file: sqlite.name, everyMs: EVERY_MS } });
    worker.unref();
    worker.on('error', (err) => console.error('[parley] checkpoint thread failed; the writer checkpoints by itself', err));
    // Without the thread, the writer goes back to SQLite's default: small checkpoints often,
    // rather than one 40 MB stall.
    worker.on('exit', () => {
      if (!this.#stopping && sqlite.open) sqlite.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_PAGES}`);
    });
    this.#worker = worker;
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#worker?.terminate();
    this.#worker = undefined;
  }
}
