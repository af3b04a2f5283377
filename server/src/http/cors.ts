import type { Context, Env, MiddlewareHandler } from 'hono';

export interface CorsOptions<E extends Env> {
  /** The origin to allow (echoed back), or null to send no Access-Control-Allow-Origin. */
  origin: (origin: string, c: Context<E>) => string | null | Promise<string | null>;
  allowMethods: readonly string[];
  allowHeaders: readonly string[];
  maxAgeSeconds: number;
}

/**
 * CORS with hono's cors semantics for the options we use (any OPTIONS is a preflight,
 * answered 204). Unlike hono's, it sets its headers before the handler runs, where they
 * become the response's own, and appends Vary to the response's headers afterwards:
 * hono's touches `c.res` before the handler and calls `c.header` after it, and either one
 * makes hono rebuild the handler's response as a web Response with a streamed body —
 * a tenth of a message POST's CPU in the profile (docs/benchmarks.md).
 */
export function cors<E extends Env>(opts: CorsOptions<E>): MiddlewareHandler<E> {
  const methods = opts.allowMethods.join(',');
  const headers = opts.allowHeaders.join(',');
  const maxAge = String(opts.maxAgeSeconds);
  return async (c, next) => {
    const allowed = await opts.origin(c.req.header('origin') ?? '', c);
    if (allowed) c.header('Access-Control-Allow-Origin', allowed);
    if (c.req.method === 'OPTIONS') {
      c.header('Vary', 'Origin, Access-Control-Request-Headers');
      c.header('Access-Control-Max-Age', maxAge);
      c.header('Access-Control-Allow-Methods', methods);
      c.header('Access-Control-Allow-Headers', headers);
      return c.body(null, 204);
    }
    await next();
    // Headers set before the handler reach responses built with c.json/c.body/streamSSE; a
    // handler returning its own Response gets them here. A response with immutable headers
    // (a proxied fetch) is left as it is rather than turned into a 500.
    try {
      if (allowed && !c.res.headers.has('Access-Control-Allow-Origin')) c.res.headers.set('Access-Control-Allow-Origin', allowed);
      c.res.headers.append('Vary', 'Origin');
    } catch {
      // immutable headers
    }
  };
}
