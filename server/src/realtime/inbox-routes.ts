import { Hono } from 'hono';
import { InboxStreamQuery } from '@parley/protocol';
import type { AppDeps } from '../core/deps';
import { requireAgent, type InboxEnv } from '../auth/agent-auth';
import { validate } from '../http/validate';
import type { Router } from '../routing/router';
import { accountSites } from '../sites/access';
import { siteTopic } from './event-bus';
import { siteEventsAfter } from './event-log';
import { streamEvents } from './sse';
import { parseEventId } from './widget-routes';

/**
 * GET /v1/inbox/stream: every event of the account's sites, private notes included, with the
 * same replay-then-live and Last-Event-ID rules as the visitor stream. An open stream is how
 * the server knows an agent has the inbox open (presence).
 */
export function inboxStreamRoutes({ db, bus, config }: AppDeps, router: Router) {
  return new Hono<InboxEnv>().get('/stream', requireAgent(), validate('query', InboxStreamQuery), (c) => {
    const agent = c.get('agent');
    const siteIds = accountSites(db, agent.accountId).map((s) => s.id);
    const lastEventId = parseEventId(c.req.header('last-event-id')) ?? c.req.valid('query').lastEventId ?? 0;
    router.streamOpened(agent.id);
    return streamEvents(c, {
      bus,
      topic: siteIds.map(siteTopic),
      lastEventId,
      replay: (after, limit) => siteEventsAfter(db, siteIds, after, limit),
      heartbeatMs: config.PARLEY_HEARTBEAT_SECONDS * 1000,
      onClose: () => router.streamClosed(agent.id),
    });
  });
}
