import { Hono } from 'hono';
import type { Deps } from '../core/deps';
import { resolveVisitor, type WidgetEnv } from '../auth/visitor-auth';
import type { BotWorker } from '../bot/worker';
import { feedbackWidgetRoutes, handoffWidgetRoutes } from '../bot/widget-routes';
import { conversationWidgetRoutes } from '../conversations/widget-routes';
import type { EmailFollowUp } from '../email/follow-up';
import type { Mailer } from '../email/mailer';
import { transcriptWidgetRoutes } from '../email/widget-routes';
import { helpEscalation, helpWidgetRoutes } from '../help/widget-routes';
import { articleWidgetRoutes } from '../kb/widget-routes';
import type { OpenStreams } from '../realtime/open-streams';
import { privacyWidgetRoutes } from '../privacy/widget-routes';
import { queueWidgetRoutes } from '../routing/widget-routes';
import { siteOriginGuard, widgetCors } from '../sites/origin-guard';
import { configWidgetRoutes } from '../sites/widget-routes';
import { streamWidgetRoutes } from '../streams/widget-routes';
import { postVisitorReply } from '../tickets/follow-up';
import { ticketWidgetRoutes } from '../tickets/widget-routes';
import { requireConsent } from '../visitors/consent';
import { consentWidgetRoutes, identifyWidgetRoutes, profileWidgetRoutes, visitorWidgetRoutes } from '../visitors/widget-routes';

export interface WidgetApiOptions {
  /** The running bot, told of votes on its answers; absent with PARLEY_BOT=off. */
  bot: BotWorker | undefined;
  mailer: Mailer;
  /** Mails a new ticket's acknowledgement. */
  followUp: EmailFollowUp;
  /** Every open stream of the process, widget and inbox alike (caps per address and process). */
  streams: OpenStreams;
}

/**
 * The visitor API at /v1/widget (docs/api.md): the visitor's token names visitor and site, CORS
 * and the origin check follow the site's allowed origins, then each prefix is one feature's.
 */
export function widgetApi(deps: Deps, { bot, mailer, followUp, streams }: WidgetApiOptions) {
  return new Hono<WidgetEnv>()
    .use(resolveVisitor(deps.db), widgetCors(deps.db), siteOriginGuard)
    .route('/config', configWidgetRoutes(deps))
    .route('/visitors', visitorWidgetRoutes(deps))
    .route('/identify', identifyWidgetRoutes(deps))
    .route('/visitor', profileWidgetRoutes(deps))
    .route('/visitor', privacyWidgetRoutes(deps, { mailer }))
    .route('/consent', consentWidgetRoutes(deps))
    // What stores a visitor's words waits for their consent, where the site asks for it.
    .on('POST', ['/conversations', '/conversations/:id/messages', '/tickets'], requireConsent(deps.db))
    .post('/conversations', helpEscalation(deps.db))
    .route(
      '/conversations',
      conversationWidgetRoutes(deps, {
        postMessage: (conversation, clientId, body) =>
          postVisitorReply(deps, conversation, clientId, body, undefined, (ticketId, messageId) => followUp.ticketCreated(ticketId, messageId)),
      }),
    )
    .route('/tickets', ticketWidgetRoutes(deps, { onCreated: (id, messageId) => followUp.ticketCreated(id, messageId) }))
    .route('/conversations/:id/handoff', handoffWidgetRoutes(deps))
    .route('/conversations/:id/queue', queueWidgetRoutes(deps))
    .route('/conversations/:id/transcript', transcriptWidgetRoutes(deps, { mailer }))
    .route('/messages', feedbackWidgetRoutes(deps, { bot }))
    .route('/articles', articleWidgetRoutes(deps))
    .route('/help', helpWidgetRoutes(deps))
    .route('/stream', streamWidgetRoutes(deps, { streams }));
}
