import { PgStore } from '../../server/src/db/pg-store';
import { SqliteStore } from '../../server/src/db/sqlite-store';
import type { TestServer } from '../../server/test/helpers/test-server';

/**
 * One SQL statement against the test server's database: to check what it holds, or to set
 * up a state no endpoint reaches. Parameters are `?`; a query returns its rows, a write [].
 * Plain SQL both engines read alike (the e2e smoke on PostgreSQL uses it too).
 */
export async function sql<T>(server: TestServer, query: string, ...params: unknown[]): Promise<T[]> {
  const { store } = server;
  if (store instanceof SqliteStore) {
    const statement = store.sqlite.prepare(query);
    if (statement.reader) return statement.all(...params) as T[];
    statement.run(...params);
    return [];
  }
  if (!(store instanceof PgStore)) throw new Error('unknown store');
  let n = 0;
  const result = await store.pool.query(
    query.replace(/\?/g, () => `$${++n}`),
    params,
  );
  return (result.rows ?? []) as T[];
}
