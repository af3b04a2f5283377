import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { AgentRole } from '@parley/protocol';
import type { Deps } from '../core/deps';
import type { Config } from '../config/config';
import { ApiError } from '../http/errors';
import { findSession, type SessionLimits } from './sessions';
import type { AgentRow, ApiTokenRow, SessionRow } from '../db/rows';
import { findApiToken } from './api-tokens';

export const SESSION_COOKIE = 'parley_session';
/** Marks a browser an agent signed in on: its logins are throttled apart from strangers' (login.ts). */
export const DEVICE_COOKIE = 'parley_device';
const DEVICE_COOKIE_DAYS = 365;

/**
 * Variables of every /v1/inbox route. `agent` and `session` are set by `agentSession` when the
 * cookie names a live session; routes read them only behind `requireAgent`, which guarantees them.
 */
export interface InboxEnv {
  /** `apiToken` instead of `session` when the request came with one (api-tokens.ts); the token's scopes are checked by apiTokenGuard. */
  Variables: { agent: AgentRow; session: SessionRow; apiToken?: ApiTokenRow };
}

export const sessionLimits = (config: Config): SessionLimits => ({
  idleMs: config.PARLEY_SESSION_HOURS * 3_600_000,
  maxMs: config.PARLEY_SESSION_MAX_HOURS * 3_600_000,
});

export function setSessionCookie(c: Context, config: Config, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: config.PUBLIC_URL.startsWith('https:'),
    // The server slides the idle expiry; the cookie only has to outlive the session's longest life.
    maxAge: Math.floor(sessionLimits(config).maxMs / 1000),
  });
}

export function setDeviceCookie(c: Context, config: Config, token: string): void {
  setCookie(c, DEVICE_COOKIE, token, {
    // Sent only to the login route: it is worth nothing anywhere else.
    path: '/v1/inbox/auth',
    httpOnly: true,
    sameSite: 'Strict',
    secure: config.PUBLIC_URL.startsWith('https:'),
    maxAge: DEVICE_COOKIE_DAYS * 86_400,
  });
}

export const deviceCookie = (c: Context): string | undefined => getCookie(c, DEVICE_COOKIE);

export function clearSessionCookie(c: Context, config: Config): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: config.PUBLIC_URL.startsWith('https:') });
}

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * Resolves the session cookie into `agent` and `session`, or without a cookie an
 * `Authorization: Bearer` API token into `agent` (the token's creator) and `apiToken`; never
 * answers by itself. A cookie wins: a browser's request is judged as the browser's.
 */
export function agentSession({ db, config }: Pick<Deps, 'db' | 'config'>) {
  return createMiddleware<InboxEnv>(async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const found = token ? await findSession(db, token, sessionLimits(config)) : undefined;
    if (found) {
      c.set('agent', found.agent);
      c.set('session', found.session);
    } else if (!token) {
      const bearer = BEARER.exec(c.req.header('authorization') ?? '')?.[1];
      if (bearer) {
        const api = await findApiToken(db, bearer);
        if (!api) throw new ApiError(401, 'unauthorized', 'This API token is not valid: unknown, deleted, or its agent was deactivated');
        c.set('agent', api.agent);
        c.set('apiToken', api.token);
      }
    }
    await next();
  });
}

/**
 * 401 without a live session; 403 when the agent's role is not in `roles` (default: any role).
 * Owners can do everything, so they pass every role check.
 */
export function requireAgent(opts: { roles?: readonly AgentRole[] } = {}) {
  return createMiddleware<InboxEnv>(async (c, next) => {
    const agent = c.get('agent') as AgentRow | undefined;
    if (!agent) throw new ApiError(401, 'unauthorized', 'Not signed in, or the session expired');
    if (opts.roles && agent.role !== 'owner' && !opts.roles.includes(agent.role)) {
      throw new ApiError(403, 'forbidden', `This needs the ${opts.roles.join(' or ')} role`);
    }
    await next();
  });
}

/** Roles allowed to change settings, the knowledge base, agents and canned responses. */
export const ADMIN_ROLES: readonly AgentRole[] = ['owner', 'admin'];
