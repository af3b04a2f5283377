import { Hono } from 'hono';
import { every } from 'hono/combine';
import type { AppDeps } from '../core/deps';
import { agentSession, type InboxEnv } from '../auth/agent-auth';
import { inboxCsrf } from '../auth/csrf';
import { authRoutes } from '../auth/inbox-routes';
import { inviteRoutes } from '../agents/invite-routes';
import { presenceRoutes } from '../routing/inbox-routes';
import { agentAdminRoutes } from '../agents/inbox-routes';
import { myAvatarRoutes } from '../avatars/public-routes';
import { cannedRoutes } from '../canned/inbox-routes';
import { providerDraft } from '../bot/draft';
import { inboxConversationRoutes } from '../conversations/inbox-routes';
import { reportRoutes } from '../reports/inbox-routes';
import { siteAdminRoutes } from '../sites/inbox-routes';
import { inboxStreamRoutes } from '../realtime/inbox-routes';
import { kbAdminRoutes } from '../kb/inbox-routes';
import { kbGapRoutes } from '../kb/gap-routes';
import { EmailFollowUp } from '../email/follow-up';
import { Router } from '../routing/router';

/**
 * What every route under /v1/inbox runs first, wherever it is mounted: the session cookie is
 * resolved, then cross-site writes are refused. Routes add `requireAgent({ roles })`.
 */
export const inboxGuards = (deps: AppDeps) => every(agentSession(deps), inboxCsrf(deps.config));

/**
 * The agent inbox API at /v1/inbox (same-origin only: no CORS). It owns the router, which
 * starts with it: routing reacts to events of the same bus the routes publish on.
 */
export function inboxApi(deps: AppDeps) {
  const router = new Router(deps).start(deps.config.PARLEY_ROUTING_SWEEP_SECONDS * 1000);
  const followUp = new EmailFollowUp(deps, deps.mailer);
  const onReply = (conversationId: string, messageId: number) =>
    void followUp.replySent(conversationId, messageId).catch((err: unknown) => console.error('[parley] email follow-up failed', err));
  return new Hono<InboxEnv>()
    .route('/auth', authRoutes(deps))
    .route('/invites', inviteRoutes(deps))
    .route('/conversations', inboxConversationRoutes(deps, router, onReply, providerDraft(deps.db, deps.providers)))
    .route('/sites/:siteId/articles', kbAdminRoutes(deps))
    .route('/sites/:siteId/kb-gaps', kbGapRoutes(deps))
    .route('/sites', siteAdminRoutes(deps, router))
    .route('/agents', agentAdminRoutes(deps, router))
    .route('/me', myAvatarRoutes(deps))
    .route('/canned', cannedRoutes(deps))
    .route('/reports', reportRoutes(deps))
    .route('/', presenceRoutes(deps, router))
    .route('/', inboxStreamRoutes(deps, router));
}
