import { createMiddleware } from 'hono/factory';
import type { ApiScope } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { rateLimiter } from '../core/limits';
import { ApiError } from '../http/errors';
import type { InboxEnv } from './agent-auth';

/** Folders of the account's settings: what `settings:*` covers. */
const SETTINGS = new Set(['sites', 'canned', 'team', 'agents', 'invites', 'audit', 'webhooks']);

/**
 * The scope an API token needs for a request to the inbox API (`path` below /v1/inbox), or
 * null when no token may make it: signing in and out, passwords, the agent's own profile,
 * presence and the inbox's stream belong to a person at the inbox, and tokens are made by
 * one. Reads need `:read`, every other method `:write`; a route not named here is closed to
 * tokens, so a new route is never open to them by accident.
 */
export function requiredScope(method: string, path: string): ApiScope | null {
  const read = method === 'GET' || method === 'HEAD';
  const [folder, , sub] = path.split('/').filter(Boolean);
  // Tickets are conversations; WhatsApp's templates and files are a conversation's.
  if (folder === 'conversations' || folder === 'tickets' || folder === 'whatsapp') return read ? 'conversations:read' : 'conversations:write';
  if (folder === 'contacts') return read ? 'contacts:read' : 'contacts:write';
  if (folder === 'reports') return read ? 'reports:read' : null;
  if (folder === 'sites' && (sub === 'articles' || sub === 'kb-gaps' || sub === 'categories')) return read ? 'kb:read' : 'kb:write';
  if (folder !== undefined && SETTINGS.has(folder)) return read ? 'settings:read' : 'settings:write';
  return null;
}

const INBOX_PREFIX = '/v1/inbox';

/**
 * For requests that came with an API token (agentSession): 403 outside the token's scopes,
 * 429 past its rate limit, and the limit's state in RateLimit-* headers on every answer
 * (draft-ietf-httpapi-ratelimit-headers: the limit per minute, the requests left now, the
 * seconds until the bucket is full again). Requests with the session cookie pass untouched.
 */
export function apiTokenGuard(deps: Pick<Deps, 'db' | 'config'>) {
  const perMinute = deps.config.PARLEY_RATE_API_TOKEN_PER_MINUTE;
  const burst = Math.max(1, Math.ceil(perMinute / 3));
  const limiter = rateLimiter(deps, 'api-token', perMinute, burst);
  return createMiddleware<InboxEnv>(async (c, next) => {
    const token = c.get('apiToken');
    if (!token) return next();
    const scope = requiredScope(c.req.method, c.req.path.slice(INBOX_PREFIX.length));
    if (!scope) throw new ApiError(403, 'forbidden', 'API tokens cannot use this route: it needs a person signed in to the inbox');
    if (!token.scopes.includes(scope)) throw new ApiError(403, 'forbidden', `This API token does not have the ${scope} scope`);
    const taken = await limiter.takeCounted(token.id);
    // Set before the handler, so its answer (or the error's) carries them as its own.
    c.header('RateLimit-Limit', String(perMinute));
    c.header('RateLimit-Remaining', String(taken.remaining));
    c.header('RateLimit-Reset', String(Math.ceil(((burst - taken.remaining) * 60) / perMinute)));
    if (!taken.ok) throw new ApiError(429, 'rate_limited', 'This API token made too many requests: slow down and retry shortly');
    await next();
  });
}
