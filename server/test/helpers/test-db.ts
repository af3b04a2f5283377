import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../src/config/config';
import { openStore } from '../../src/db/open-store';
import type { Engine, Store } from '../../src/db/store';

/**
 * The engine the suite runs on: PostgreSQL when PARLEY_TEST_PG names a cluster's admin URL
 * (`pnpm test:pg`, scripts/with-postgres.mjs), else SQLite.
 */
export const testEngine: Engine = process.env.PARLEY_TEST_PG ? 'postgres' : 'sqlite';

export interface TestDatabase {
  engine: Engine;
  /** What selects this database: PARLEY_DB, and DATABASE_URL on PostgreSQL. Pass it on to a restarted server or the CLI. */
  env: { PARLEY_DB: string; DATABASE_URL?: string };
  /** A directory of the test's own, removed with the database (imported files, the SQLite file). */
  dir: string;
  /** Opens (and migrates) the database in this process: for a test that reads it between server runs. */
  open(): Promise<Store>;
  drop(): Promise<void>;
}

/**
 * An empty database for one server (or one restarted several times): a SQLite file in a
 * temp dir, or a database of its own on the test cluster, dropped afterwards.
 */
export async function testDatabase(engine: Engine = testEngine): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-test-'));
  const env: TestDatabase['env'] = { PARLEY_DB: join(dir, 'parley.db') };
  const admin = engine === 'postgres' ? process.env.PARLEY_TEST_PG : undefined;
  if (engine === 'postgres' && !admin) throw new Error('PostgreSQL needs PARLEY_TEST_PG (run under scripts/with-postgres.mjs)');
  let name: string | undefined;
  if (admin) {
    name = `parley_${dir
      .slice(-6)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '')}_${process.pid}`;
    await adminQuery(admin, `create database ${name}`);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
  }
  return {
    engine,
    env,
    dir,
    open: () => openStore(loadConfig({ ...env, NODE_ENV: 'test' })),
    drop: async () => {
      if (admin && name) await adminQuery(admin, `drop database if exists ${name} with (force)`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
