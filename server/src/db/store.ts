import type { SqliteRemoteResult } from 'drizzle-orm/sqlite-proxy';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as schema from './schema';

/**
 * The query builder every feature writes against: drizzle's asynchronous SQLite face. The
 * PostgreSQL engine's database speaks the same builder API at run time (select, insert,
 * update, delete, returning, onConflict…, transaction), with the engine's own tables bound in
 * tables.ts, so a feature's query is written once and runs on either (docs/decisions.md).
 * Run a query by awaiting it; `.get()`, `.all()` and `.run()` are SQLite's only and are not
 * used. A transaction is `db.transaction(async (tx) => …)`, and everything in it uses `tx`,
 * which is a `Db` too (the type covers a database and a transaction alike).
 */
export type Db = BaseSQLiteDatabase<'async', SqliteRemoteResult, typeof schema>;

export type Engine = 'sqlite' | 'postgres';

/** One storage engine, opened: the database handle, and what only the process's start and end need. */
export interface Store {
  readonly engine: Engine;
  readonly db: Db;
  /** Applies the committed migrations; safe to run on every start, and by several processes at once. */
  migrate(): Promise<void>;
  /** Waits for queries under way, then closes the connection(s). */
  close(): Promise<void>;
}
