import type { TestServer } from '../../server/test/helpers/test-server';

/**
 * One SQL statement against the test server's database: to check what it holds, or to set
 * up a state no endpoint reaches. A query returns its rows; a write runs and returns [].
 */
export function sql<T>(server: TestServer, query: string, ...params: unknown[]): T[] {
  const statement = server.deps.db.$client.prepare(query);
  if (statement.reader) return statement.all(...params) as T[];
  statement.run(...params);
  return [];
}
