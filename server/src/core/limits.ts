import { isEngine } from '../db/dialect';
import { forgetBuckets, takeToken } from '../db/rate-buckets';
import { RateLimiter, type Limiter } from '../http/rate-limit';
import type { Db } from '../db/store';
import type { Deps } from './deps';

/**
 * A rate limit, by a name of its own: `perMinute` requests per key, a third of that at once
 * (or `burst`). On PostgreSQL, where several processes may serve one install, every process
 * takes from the same buckets (db/rate-buckets.ts), so a limit is the install's, not N times
 * it; a single SQLite process keeps its buckets in memory.
 */
export function rateLimiter(deps: Pick<Deps, 'db'>, name: string, perMinute: number, burst = Math.max(1, Math.ceil(perMinute / 3))): Limiter {
  if (isEngine('postgres')) {
    const takeCounted = (key: string) => takeToken(deps.db, `${name}:${key}`, perMinute, burst);
    return { takeCounted, take: async (key) => (await takeCounted(key)).ok, shared: { name, perMinute, burst } };
  }
  // One bucket set per name and database, however often it is asked for (per request, say).
  let named = inMemory.get(deps.db);
  if (!named) inMemory.set(deps.db, (named = new Map()));
  let limiter = named.get(name);
  if (!limiter) named.set(name, (limiter = new RateLimiter(perMinute, burst)));
  return limiter;
}

const inMemory = new WeakMap<Db, Map<string, RateLimiter>>();

/** Forgets every limit's bucket for these keys (an erased visitor's id, their conversations' ids). */
export async function forgetRateLimitKeys(deps: Pick<Deps, 'db'>, keys: readonly string[]): Promise<void> {
  if (isEngine('postgres')) return forgetBuckets(deps.db, keys);
  for (const limiter of inMemory.get(deps.db)?.values() ?? []) for (const key of keys) limiter.forget(key);
}
