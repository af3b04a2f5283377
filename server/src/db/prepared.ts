import type { ClientBase, Pool } from 'pg';
import type { Db } from './store';

/** The driver's connection a handle runs on (see preparedFor): SQLite's, a pool client, or the pool. */
export const connectionOf = (db: Db): object => (db as unknown as { session: { client: object } }).session.client;

/**
 * A storage-layer statement in PostgreSQL's own SQL (what drizzle cannot build), run on the
 * handle's connection (inside its transaction, if any) and named, so each pool connection
 * parses and plans it once, as preparedFor's statements. PostgreSQL only.
 */
export async function namedQuery<R extends object>(db: Db, name: string, text: string, values: unknown[]): Promise<R[]> {
  return (await (connectionOf(db) as ClientBase | Pool).query<R>({ name, text, values })).rows;
}

interface Preparable<P> {
  prepare(): P;
}

/**
 * A statement prepared once per connection session, on first use. drizzle otherwise rebuilds
 * the SQL of a query on every call, a third of the CPU of a message POST in the profile
 * (docs/benchmarks.md). Use it on hot paths; plain drizzle elsewhere. Run the result with
 * `await stmt.execute({ …placeholders })`, which both engines give; `name` names the
 * statement on PostgreSQL, where prepared statements are named and kept per connection.
 * Cached per connection, not per handle or session: the handle drizzle passes a transaction
 * body is new every time, and so is the session of a PostgreSQL transaction (it wraps the pool
 * client it checked out), but the statement belongs to the connection: SQLite's one, or one of
 * the pool's clients, which PostgreSQL transactions reuse. (Outside a transaction on
 * PostgreSQL the "connection" is the pool, which runs a named statement on any of its clients.)
 */
export function preparedFor<P>(name: string, build: (db: Db) => Preparable<P>): (db: Db) => P {
  const cache = new WeakMap<object, P>();
  return (db) => {
    const connection = connectionOf(db);
    let statement = cache.get(connection);
    if (statement === undefined) {
      // SQLite's prepare() takes no name and ignores one; PostgreSQL's needs it.
      const query = build(db);
      statement = (query.prepare as (name: string) => P).call(query, name);
      cache.set(connection, statement);
    }
    return statement;
  };
}
