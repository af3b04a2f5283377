import { createMiddleware } from 'hono/factory';
import { csrf } from 'hono/csrf';
import { every } from 'hono/combine';
import type { Config } from '../config/config';
import { ApiError } from '../http/errors';


const SAFE = /^(GET|HEAD|OPTIONS)$/;

/**
 * CSRF protection for the cookie-authenticated inbox API. Every state-changing request must
 * name the inbox's own origin in `Origin` (or carry `Sec-Fetch-Site: same-origin`); one with
 * neither is refused too, since browsers always send one of them. That check runs first so
 * the client gets our error shape; hono's csrf() stays behind it as the maintained second
 * layer for cross-site form posts (the requests a browser sends without a CORS preflight).
 */
export function inboxCsrf(config: Config) {
  const inboxOrigin = new URL(config.PUBLIC_URL).origin;
  const allowed = (origin: string, url: string) => origin === inboxOrigin || origin === new URL(url).origin;
  const originCheck = createMiddleware(async (c, next) => {
    if (!SAFE.test(c.req.method)) {
      const origin = c.req.header('origin');
      const sameOrigin = c.req.header('sec-fetch-site') === 'same-origin';
      if (!(origin !== undefined ? allowed(origin, c.req.url) : sameOrigin)) {
        throw new ApiError(403, 'forbidden', 'Cross-site request refused: state-changing inbox requests must come from the inbox origin');
      }
    }
    await next();
  });
  const check = every(originCheck, csrf({ origin: (origin, c) => allowed(origin, c.req.url) }));
  // A request made with an API token carries no cookie a cross-site page could ride: a page
  // cannot set Authorization on a cross-site request without a preflight, which the inbox
  // never grants. Cookie sessions are checked as ever.
  return createMiddleware<{ Variables: { apiToken?: unknown } }>((c, next) => (c.get('apiToken') ? next() : check(c, next)));
}
