import type { Context, Env, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import { ApiError } from './errors';

interface Bucket {
  tokens: number;
  at: number;
}

/** A take's outcome, and the whole tokens its bucket has left (for RateLimit-Remaining). */
export interface Taken {
  ok: boolean;
  remaining: number;
}

/** Takes one token for a key: false when its bucket is empty. */
export interface Limiter {
  take(key: string): boolean | Promise<boolean>;
  takeCounted(key: string): Taken | Promise<Taken>;
  /** Its buckets are rows in the database (core/limits.ts): another statement may take a token too. */
  shared?: { name: string; perMinute: number; burst: number };
}

/**
 * Token buckets kept in this process: `burst` requests at once, refilled at `perMinute`.
 * Per process is enough for one node; several share theirs in PostgreSQL (core/limits.ts
 * picks), behind the same middleware.
 */
/** Buckets kept before full ones are forgotten: ~100 bytes each. */
const SWEEP_AT = 100_000;

export class RateLimiter implements Limiter {
  readonly #buckets = new Map<string, Bucket>();
  /** The size that triggers the next sweep: twice what the last one left, so sweeps stay amortised O(1) a take even when few buckets are full. */
  #sweepAt = SWEEP_AT;
  constructor(
    private readonly perMinute: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A bucket that allows a third of a minute's budget at once. */
  static perMinute(perMinute: number): RateLimiter {
    return new RateLimiter(perMinute, Math.max(1, Math.ceil(perMinute / 3)));
  }

  /** Buckets kept now (memory: ~100 bytes each). */
  get size(): number {
    return this.#buckets.size;
  }

  /** Takes one token for `key`; false when the bucket is empty. */
  take(key: string): boolean {
    return this.takeCounted(key).ok;
  }

  takeCounted(key: string): Taken {
    const t = this.now();
    const b = this.#buckets.get(key) ?? { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) * this.perMinute) / 60_000);
    b.at = t;
    const ok = b.tokens >= 1;
    if (ok) b.tokens -= 1;
    this.#buckets.set(key, b);
    if (this.#buckets.size > this.#sweepAt) this.#sweep(t);
    return { ok, remaining: Math.floor(b.tokens) };
  }

  /** Drops `key`'s bucket: an erased visitor leaves no key behind. */
  forget(key: string): void {
    this.#buckets.delete(key);
  }

  // Full buckets carry no information: forget them so memory stays bounded.
  #sweep(t: number) {
    for (const [k, b] of this.#buckets) {
      if (b.tokens + ((t - b.at) * this.perMinute) / 60_000 >= this.burst) this.#buckets.delete(k);
    }
    this.#sweepAt = Math.max(SWEEP_AT, 2 * this.#buckets.size);
  }
}

/** The per-IP rate-limit key: the client's address as `clientAddress` (client-address.ts) found it. */
export const clientIp = (c: Context): string => c.get('clientIp');

/** What a rateLimit middleware limits, on the middleware itself, for routeLimit to find. */
const LIMIT = Symbol('rate limit');
interface Limited {
  [LIMIT]?: { limiter: Limiter; key: (c: never) => string | null };
}

/** Tokens taken for a request before its rateLimit ran (takenWith), so that it takes none itself. */
const takenBefore = new WeakMap<Context, { limiter: Limiter; ok: boolean }>();

/** 429 with the error shape when `key(c)`'s bucket is empty; `key` returning null skips. */
export function rateLimit<E extends Env>(limiter: Limiter, key: (c: Context<E>) => string | null): MiddlewareHandler<E> {
  const middleware = createMiddleware<E>(async (c, next) => {
    const k = key(c);
    const before = takenBefore.get(c);
    if (k !== null && !(before?.limiter === limiter ? before.ok : await limiter.take(k)))
      throw new ApiError(429, 'rate_limited', 'Too many requests: slow down and retry shortly');
    await next();
  });
  return Object.assign(middleware, { [LIMIT]: { limiter, key } });
}

/**
 * The limiter of the first rateLimit keyed by `key` among the handlers the request will run,
 * for a middleware before it that can take the token in a statement it makes anyway (the
 * visitor's lookup: auth/visitor-auth.ts), saving a round trip to PostgreSQL. Hono wraps a
 * sub-app's handlers when that app has an error handler of its own, keeping the original.
 */
export function routeLimit(c: Context, key: (c: never) => string | null): Limiter | undefined {
  for (const { handler } of matchedRoutes(c)) {
    const own = (handler as { __COMPOSED_HANDLER?: unknown }).__COMPOSED_HANDLER ?? handler;
    const limit = (own as Limited)[LIMIT];
    if (limit?.key === key) return limit.limiter;
  }
  return undefined;
}

/** Says the request's token from `limiter` was taken already (`ok`: there was one): its rateLimit takes none. */
export function takenWith(c: Context, limiter: Limiter, ok: boolean): void {
  takenBefore.set(c, { limiter, ok });
}
