import type { Db } from './connection';

/**
 * A statement prepared once per database, on first use. drizzle otherwise rebuilds the SQL
 * and better-sqlite3 re-prepares it on every call: a third of the CPU of a message POST in
 * the profile (docs/benchmarks.md). Use it on hot paths; plain drizzle elsewhere.
 */
export function preparedFor<T>(build: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    let statement = cache.get(db);
    if (statement === undefined) cache.set(db, (statement = build(db)));
    return statement;
  };
}
