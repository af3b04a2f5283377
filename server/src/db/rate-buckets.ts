import { lt, or, sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from './store';
import { namedQuery } from './prepared';
import { rateBuckets } from './tables';

/*
 * Token buckets in PostgreSQL, shared by every process (core/limits.ts chooses them there).
 * Taking a token is one statement: the bucket is refilled for the time since it was last
 * touched, capped at `burst`, and loses a token only if it has one. A full bucket needs no
 * row, so rows untouched for longer than any bucket takes to fill are deleted (pruneIdleBuckets,
 * on the event pruner's hourly pass).
 */

/**
 * Taking a token from the bucket `key` names, as SQL: its own statement (takeToken) or a CTE
 * of another that finds the key (a visitor's lookup, visitor-lookup.ts), with `source` the
 * FROM clause `key` reads. A row (`key`, `remaining`) when a token was taken; none when refused.
 */
export function takeTokenSql(key: SQL, perMinute: SQL, burst: SQL, source: SQL = sql``): SQL {
  const refilled = sql`least(${burst}::float8, b.tokens + extract(epoch from now() - b.refilled_at) * ${perMinute}::float8 / 60)`;
  return sql`insert into rate_buckets as b (key, tokens, refilled_at) select ${key}, ${burst}::float8 - 1, now() ${source}
on conflict (key) do update set tokens = ${refilled} - 1, refilled_at = now()
where ${refilled} >= 1
returning b.key, floor(b.tokens)::int as remaining`;
}

const TAKE = new PgDialect().sqlToQuery(takeTokenSql(sql.raw('$1::text'), sql.raw('$2'), sql.raw('$3'))).sql;

/** Takes one token from `key`'s bucket (`burst` at most, refilled at `perMinute`): refused when it has none. */
export async function takeToken(db: Db, key: string, perMinute: number, burst: number): Promise<{ ok: boolean; remaining: number }> {
  const row = (await namedQuery<{ remaining: number }>(db, 'takeToken', TAKE, [key, perMinute, burst]))[0];
  return row ? { ok: true, remaining: row.remaining } : { ok: false, remaining: 0 };
}

/** Deletes the buckets of every limit keyed by one of `keys` (an erased visitor's id, their conversations'). */
export async function forgetBuckets(db: Db, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  // Ids are letters, digits and `_`, which LIKE would read as "any character".
  const ending = (key: string) => sql`${rateBuckets.key} like ${`%:${key.replace(/[\\%_]/g, '\\$&')}`} escape '\\'`;
  await db.delete(rateBuckets).where(or(...keys.map(ending)));
}

/** Longer than the slowest bucket takes to fill (a conversation's transcripts: a day). */
const FULL_AFTER_MS = 2 * 24 * 60 * 60 * 1000;

/** Deletes buckets untouched for so long that they are full: a new row would say the same. */
export async function pruneIdleBuckets(db: Db, now = Date.now()): Promise<number> {
  const before = new Date(now - FULL_AFTER_MS);
  return (await db.delete(rateBuckets).where(lt(rateBuckets.refilledAt, before)).returning({ key: rateBuckets.key })).length;
}
