import { Hono } from 'hono';
import type { Deps } from '../core/deps';
import { agentInboxRoutes, auditInboxRoutes, inviteInboxRoutes, meInboxRoutes } from '../agents/inbox-routes';
import { agentSession, type InboxEnv } from '../auth/agent-auth';
import { apiTokenInboxRoutes } from '../auth/api-token-routes';
import { apiTokenGuard } from '../auth/api-token-scopes';
import { inboxCsrf } from '../auth/csrf';
import { authInboxRoutes } from '../auth/inbox-routes';
import type { DraftProvider } from '../conversations/inbox-routes';
import { conversationInboxRoutes } from '../conversations/inbox-routes';
import { cannedInboxRoutes } from '../canned/inbox-routes';
import { contactInboxRoutes } from '../contacts/inbox-routes';
import type { EmailFollowUp } from '../email/follow-up';
import type { Mailer } from '../email/mailer';
import { searchGapInboxRoutes } from '../help/inbox-routes';
import { categoryInboxRoutes } from '../kb/category-routes';
import { articleInboxRoutes, gapInboxRoutes } from '../kb/inbox-routes';
import type { OpenStreams } from '../realtime/open-streams';
import { eraseInboxRoutes, retentionInboxRoutes } from '../privacy/inbox-routes';
import { reportInboxRoutes } from '../reports/inbox-routes';
import { presenceInboxRoutes, teamInboxRoutes } from '../routing/inbox-routes';
import type { Router } from '../routing/router';
import { siteInboxRoutes } from '../sites/inbox-routes';
import { streamInboxRoutes } from '../streams/inbox-routes';
import { ticketInboxRoutes } from '../tickets/inbox-routes';
import { ticketLifecycle } from '../tickets/lifecycle';
import { checkReplyWindow } from '../whatsapp/window';
import type { WebhookService } from '../webhooks/service';
import { webhookInboxRoutes } from '../webhooks/inbox-routes';
import { whatsappConversationInboxRoutes } from '../whatsapp/conversation-routes';
import { whatsappChannelInboxRoutes } from '../whatsapp/inbox-routes';

export interface InboxApiOptions {
  router: Router;
  followUp: EmailFollowUp;
  webhooks: WebhookService;
  drafts: DraftProvider;
  mailer: Mailer;
  /** Every open stream of the process, widget and inbox alike (caps per address and process). */
  streams: OpenStreams;
}

/**
 * The agent inbox API at /v1/inbox (same-origin only: no CORS; docs/api.md). Every route first
 * resolves the session cookie (or an API token, held to its scopes and rate limit) and refuses
 * cross-site writes; each prefix is one feature's, and
 * routes add `requireAgent({ roles })`. What a route sets off besides its own write is passed
 * here by name: the router, the email follow-up, the webhooks' sender, the drafting provider,
 * the mailer.
 */
export function inboxApi(deps: Deps, { router, followUp, webhooks, drafts, mailer, streams }: InboxApiOptions) {
  return new Hono<InboxEnv>()
    .use(agentSession(deps), inboxCsrf(deps.config), apiTokenGuard(deps))
    .route('/auth', authInboxRoutes(deps, { sendMail: (mail) => mailer.send(mail) }))
    .route('/api-tokens', apiTokenInboxRoutes(deps))
    .route('/webhooks', webhookInboxRoutes(deps, { onQueued: () => webhooks.sender.wake() }))
    .route('/me', meInboxRoutes(deps))
    .route('/invites', inviteInboxRoutes(deps))
    .route('/agents', agentInboxRoutes(deps, { router }))
    .route('/presence', presenceInboxRoutes(deps, { router }))
    .route('/team', teamInboxRoutes(deps))
    .route('/contacts', contactInboxRoutes(deps))
    .route('/contacts', eraseInboxRoutes(deps))
    .route(
      '/conversations',
      conversationInboxRoutes(deps, {
        assigner: router,
        onReply: (id, messageId) => followUp.replySent(id, messageId),
        drafts,
        tickets: ticketLifecycle(deps, (id, messageId) => followUp.replySent(id, messageId)),
        beforeReply: (conversation) => checkReplyWindow(deps.db, conversation),
      }),
    )
    .route('/tickets', ticketInboxRoutes(deps))
    .route('/sites', siteInboxRoutes(deps))
    .route('/sites', retentionInboxRoutes(deps))
    .route('/sites/:siteId/articles', articleInboxRoutes(deps))
    // Before the bot's misses: their POST /:messageId would take `searches` for an id.
    .route('/sites/:siteId/kb-gaps/searches', searchGapInboxRoutes(deps))
    .route('/sites/:siteId/kb-gaps', gapInboxRoutes(deps))
    .route('/sites/:siteId/categories', categoryInboxRoutes(deps))
    .route('/sites/:siteId/channels/whatsapp', whatsappChannelInboxRoutes(deps))
    .route('/whatsapp', whatsappConversationInboxRoutes(deps))
    .route('/canned', cannedInboxRoutes(deps))
    .route('/reports', reportInboxRoutes(deps))
    .route('/audit', auditInboxRoutes(deps))
    .route('/stream', streamInboxRoutes(deps, { presence: router, streams }));
}
