import { Hono } from 'hono';
import { InboxStreamQuery, type SessionEndedEvent } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { requireAgent, sessionLimits, type InboxEnv } from '../auth/agent-auth';
import { sessionIsLive } from '../auth/sessions';
import { validate } from '../http/validate';
import { agentTopic, siteTopic } from '../realtime/event-bus';
import { siteEventsAfter } from '../realtime/event-log';
import { lastEventIdOf, streamEvents } from '../realtime/sse';
import { accountSites } from '../sites/access';

/** Who hears of agents' inbox streams opening and closing: routing, which keeps presence by them. */
export interface StreamPresence {
  streamOpened(agentId: string): void;
  streamClosed(agentId: string): void;
}

/**
 * GET /v1/inbox/stream: every event of the account's sites, private notes included, with the
 * same replay-then-live and Last-Event-ID rules as the visitor stream. An open stream is how
 * the server knows an agent has the inbox open (presence). It lives no longer than its
 * session: a `session.ended` for it (or for all the agent's sessions) on the agent's topic is
 * its last event, and a heartbeat that finds the session expired or revoked ends it too.
 */
export function streamInboxRoutes({ db, bus, config }: Deps, { presence }: { presence: StreamPresence }) {
  const { maxMs } = sessionLimits(config);
  return new Hono<InboxEnv>().get('/', requireAgent(), validate('query', InboxStreamQuery), (c) => {
    const agent = c.get('agent');
    const sessionId = c.get('session').id;
    const siteIds = accountSites(db, agent.accountId).map((s) => s.id);
    const ended: SessionEndedEvent = { type: 'session.ended', sessionId };
    presence.streamOpened(agent.id);
    return streamEvents(c, {
      bus,
      topic: [...siteIds.map(siteTopic), agentTopic(agent.id)],
      lastEventId: lastEventIdOf(c, c.req.valid('query').lastEventId),
      replay: (after, limit) => siteEventsAfter(db, siteIds, after, limit),
      heartbeatMs: config.PARLEY_HEARTBEAT_SECONDS * 1000,
      onClose: () => presence.streamClosed(agent.id),
      sort: (e) => (e.type !== 'session.ended' ? 'send' : e.sessionId === null || e.sessionId === sessionId ? 'last' : 'skip'),
      lastWord: () => (sessionIsLive(db, sessionId, maxMs) ? undefined : ended),
    });
  });
}
