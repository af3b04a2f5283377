import { Hono } from 'hono';
import { every } from 'hono/combine';
import type { AppDeps } from '../app-deps';
import { agentSession, type InboxEnv } from '../auth/agent-auth';
import { inboxCsrf } from '../auth/csrf';
import { authRoutes } from '../auth/routes';
import { inviteRoutes } from '../agents/invite-routes';

/**
 * What every route under /v1/inbox runs first, wherever it is mounted: the session cookie is
 * resolved, then cross-site writes are refused. Routes add `requireAgent({ roles })`.
 */
export const inboxGuards = (deps: AppDeps) => every(agentSession(deps), inboxCsrf(deps.config));

/** The agent inbox API at /v1/inbox (same-origin only: no CORS). */
export function inboxApi(deps: AppDeps) {
  return new Hono<InboxEnv>().route('/auth', authRoutes(deps)).route('/invites', inviteRoutes(deps));
}
