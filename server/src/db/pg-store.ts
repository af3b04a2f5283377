import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { paths } from '../config/paths';
import * as schema from './pg/schema';
import type { Db, Store } from './store';

const migrationsFolder = paths.pgMigrations;

/** Any number: every process that migrates takes the same lock, so only one migrates at a time. */
const MIGRATION_LOCK = 727_101_001;

/**
 * A transaction that PostgreSQL aborted because it could not be serialised with another
 * (40001) or chose it to break a deadlock (40P01): running it again is the documented answer.
 */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 20;

export interface PgOptions {
  url: string;
  poolSize: number;
  statementTimeoutMs: number;
}

// int8 (ids, count(*)) as numbers: every id this product makes stays far below 2^53, and
// the features read them as numbers on SQLite too. Set on node-postgres's global parsers:
// drizzle gives each query parsers of its own (for timestamps) that fall back to those.
pg.types.setTypeParser(pg.types.builtins.INT8, Number);

/**
 * The engine for installs that outgrow one process: a connection pool behind drizzle. Each
 * transaction is SERIALIZABLE and is run again when PostgreSQL aborts it for a conflict, so
 * a feature's read-then-write keeps the meaning it has on SQLite, where writers take turns;
 * a transaction's body may therefore run more than once, and does database work only.
 */
export class PgStore implements Store {
  readonly engine = 'postgres';
  readonly db: Db;
  /** The same database with PostgreSQL's own types, for the storage layer (copy.ts); features use `db`. */
  readonly pgDb: NodePgDatabase<typeof schema>;
  readonly pool: pg.Pool;

  constructor({ url, poolSize, statementTimeoutMs }: PgOptions) {
    this.pool = new pg.Pool({ connectionString: url, max: poolSize, statement_timeout: statementTimeoutMs });
    // An idle client's error (the server restarted) is handled by the pool dropping it.
    this.pool.on('error', (err) => console.error('[parley] PostgreSQL connection lost', err.message));
    const db = drizzle({ client: this.pool, schema, casing: 'snake_case' });
    this.pgDb = db;
    const transaction = async <T>(body: (tx: never) => Promise<T>): Promise<T> => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await db.transaction((tx) => body(tx as never), { isolationLevel: 'serializable' });
        } catch (err) {
          const code = (err as { code?: string; cause?: { code?: string } }).cause?.code ?? (err as { code?: string }).code;
          if (!code || !RETRYABLE.has(code) || attempt === MAX_ATTEMPTS) throw err;
          // Exponential backoff with full jitter, so the transactions that collided spread out
          // rather than collide again; capped, as a retry that waits long stalls its request.
          await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 ** attempt, 100)));
        }
      }
    };
    // The PostgreSQL database answers the same builder calls as the SQLite face (store.ts).
    this.db = Object.assign(Object.create(db) as Db, { transaction });
  }

  async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
      try {
        await migrate(drizzle({ client, casing: 'snake_case' }), { migrationsFolder });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      }
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
