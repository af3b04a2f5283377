import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/config';
import { paths } from '../config/paths';
import { bindEngine } from './dialect';
import * as pgSchema from './pg/schema';
import { PgStore } from './pg-store';
import * as sqliteSchema from './schema';
import { SqliteStore } from './sqlite-store';
import type { Store } from './store';
import { bindTables, type Tables } from './tables';

/** The database could not be reached; the message names the setting to check. */
export class StoreUnavailable extends Error {}

/** How many committed migrations the configured engine has (its drizzle-kit journal). */
export function migrationCount(config: Pick<Config, 'DATABASE_URL'>): number {
  const folder = config.DATABASE_URL ? paths.pgMigrations : paths.sqliteMigrations;
  const journal = JSON.parse(readFileSync(join(folder, 'meta/_journal.json'), 'utf8')) as { entries: unknown[] };
  return journal.entries.length;
}

/** Which database the configuration names, for a log line: a PostgreSQL URL without its password. */
export function storeLabel(config: Pick<Config, 'DATABASE_URL' | 'PARLEY_DB'>): string {
  if (!config.DATABASE_URL) return config.PARLEY_DB;
  const url = new URL(config.DATABASE_URL);
  url.password = '';
  return url.toString();
}

/**
 * Opens the engine the configuration names (DATABASE_URL for PostgreSQL, else the SQLite file
 * PARLEY_DB), binds its tables and SQL for every feature, and applies the migrations. A
 * PostgreSQL server that cannot be reached stops the start here, naming DATABASE_URL.
 */
export async function openStore(config: Pick<Config, 'DATABASE_URL' | 'PARLEY_DB' | 'PARLEY_PG_POOL_SIZE' | 'PARLEY_PG_STATEMENT_TIMEOUT_MS'>): Promise<Store> {
  let store: Store;
  if (config.DATABASE_URL) {
    const pg = new PgStore({ url: config.DATABASE_URL, poolSize: config.PARLEY_PG_POOL_SIZE, statementTimeoutMs: config.PARLEY_PG_STATEMENT_TIMEOUT_MS });
    try {
      await pg.pool.query('select 1');
    } catch (err) {
      await pg.close();
      throw new StoreUnavailable(`DATABASE_URL: cannot use the PostgreSQL server (${(err as Error).message})`);
    }
    // Shaped like the SQLite schema column for column (schema-drift.test.ts): see store.ts.
    bindTables(pgSchema as unknown as Tables);
    store = pg;
  } else {
    bindTables(sqliteSchema);
    store = new SqliteStore(config.PARLEY_DB);
  }
  bindEngine(store.engine);
  await store.migrate();
  return store;
}
