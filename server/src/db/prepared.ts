import type { Db } from './store';

interface Preparable<P> {
  prepare(): P;
}

/**
 * A statement prepared once per connection session, on first use. drizzle otherwise rebuilds
 * the SQL of a query on every call, a third of the CPU of a message POST in the profile
 * (docs/benchmarks.md). Use it on hot paths; plain drizzle elsewhere. Run the result with
 * `await stmt.execute({ …placeholders })`, which both engines give; `name` names the
 * statement on PostgreSQL, where prepared statements are named and kept per connection.
 * Cached per session, not per handle: SQLite's transactions all share one session, while the
 * handle drizzle passes each transaction body is new every time.
 */
export function preparedFor<P>(name: string, build: (db: Db) => Preparable<P>): (db: Db) => P {
  const cache = new WeakMap<object, P>();
  return (db) => {
    const session = (db as unknown as { session: object }).session;
    let statement = cache.get(session);
    if (statement === undefined) {
      // SQLite's prepare() takes no name and ignores one; PostgreSQL's needs it.
      const query = build(db);
      statement = (query.prepare as (name: string) => P).call(query, name);
      cache.set(session, statement);
    }
    return statement;
  };
}
