import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle as syncDrizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle } from 'drizzle-orm/sqlite-proxy';
import { paths } from '../config/paths';
import * as schema from './schema';
import type { Db, Store } from './store';

const migrationsFolder = paths.sqliteMigrations;

/**
 * How long a query waits for the connection held by a transaction before it gives up: a
 * transaction whose body queried through `db` instead of its `tx` would wait for itself
 * forever, and a loud error beats a silent hang.
 */
const MAX_WAIT_MS = 30_000;

type Method = 'run' | 'all' | 'values' | 'get';
type Param = string | number | bigint | boolean | Date | Buffer | null;

/**
 * The embedded engine: one better-sqlite3 connection behind drizzle's asynchronous SQLite
 * API. better-sqlite3 runs each statement synchronously, but a transaction's body awaits
 * between its statements, and anything else using the one connection meanwhile would run
 * inside that transaction (and be rolled back with it). So a transaction holds the connection:
 * queries from elsewhere wait until it commits or rolls back, and transactions run one at a
 * time, as SQLite's single writer does anyway. BEGIN IMMEDIATE takes the write lock up front,
 * so two processes on one file never deadlock upgrading a read.
 */
export class SqliteStore implements Store {
  readonly engine = 'sqlite';
  readonly db: Db;
  readonly sqlite: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();
  /** Settles when the transaction holding the connection ends; undefined while none does. */
  #held: Promise<void> | undefined;

  constructor(readonly file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const sqlite = new Database(file);
    // NORMAL sync in WAL mode keeps every committed transaction across a process crash (kill
    // -9); only a power loss can drop the last commits (docs/decisions.md#2026-11-21--synchronousnormal-in-wal-mode).
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // Deleted rows' bytes are overwritten with zeros, not left in free space: an erased
    // visitor's words must not be readable from the file (db/scrub.ts).
    sqlite.pragma('secure_delete = ON');
    this.sqlite = sqlite;
    const config = { schema, casing: 'snake_case' as const };
    // Inside a transaction: the connection is ours, run at once.
    const inside = drizzle(
      async (sql, params, method) => this.#run(sql, params as Param[], method),
      async (queries) => queries.map((q) => this.#run(q.sql, q.params as Param[], q.method)),
      config,
    );
    const outside = drizzle(
      async (sql, params, method) => {
        if (this.#held) await this.#wait();
        return this.#run(sql, params as Param[], method);
      },
      async (queries) => {
        if (this.#held) await this.#wait();
        return queries.map((q) => this.#run(q.sql, q.params as Param[], q.method));
      },
      config,
    );
    const transaction: Db['transaction'] = async (body) => {
      while (this.#held) await this.#wait();
      let release!: () => void;
      this.#held = new Promise((resolve) => (release = resolve));
      try {
        return await inside.transaction(body, { behavior: 'immediate' });
      } finally {
        this.#held = undefined;
        release();
      }
    };
    this.db = Object.assign(Object.create(outside) as Db, { transaction });
  }

  async #wait(): Promise<void> {
    const held = this.#held;
    if (!held) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`waited ${MAX_WAIT_MS} ms for the database: a transaction's body may be querying outside its tx`)),
        MAX_WAIT_MS,
      );
    });
    try {
      await Promise.race([held, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * One statement, prepared once per SQL text. better-sqlite3 binds no booleans or Dates: 1
   * and 0 stand for booleans, and a Date (one bound raw, past drizzle's column encoders) is
   * its epoch milliseconds, as the schema stores timestamps.
   */
  #run(sql: string, params: Param[], method: Method): { rows: unknown[] } {
    let statement = this.#statements.get(sql);
    if (!statement) this.#statements.set(sql, (statement = this.sqlite.prepare(sql)));
    const values = params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p instanceof Date ? p.getTime() : p));
    if (method === 'run' || !statement.reader) {
      statement.run(...values);
      return { rows: [] };
    }
    statement.raw(true);
    // drizzle reads a missing row from `get` as `rows: undefined`.
    return { rows: method === 'get' ? (statement.get(...values) as unknown[]) : (statement.all(...values) as unknown[]) };
  }

  async migrate(): Promise<void> {
    // The committed drizzle-kit migrations, through the synchronous driver on the same connection:
    // SQLite's own file lock keeps two processes from applying them at once.
    migrate(syncDrizzle({ client: this.sqlite, casing: 'snake_case' }), { migrationsFolder });
  }

  async close(): Promise<void> {
    while (this.#held) await this.#wait();
    this.sqlite.close();
  }
}
