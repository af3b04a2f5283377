import { Hono } from 'hono';
import { InboxStreamQuery, type SessionEndedEvent } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { requireAgent, sessionLimits, type InboxEnv } from '../auth/agent-auth';
import { sessionIsLive } from '../auth/sessions';
import { validate } from '../http/validate';
import { agentTopic, siteTopic } from '../realtime/event-bus';
import { siteLog } from '../realtime/event-log';
import type { OpenStreams } from '../realtime/open-streams';
import { lastEventIdOf, streamEvents } from '../realtime/sse';
import { accountSites } from '../sites/access';

/** Who hears of agents' inbox streams opening and closing: routing, which keeps presence by them. */
export interface StreamPresence {
  streamOpened(agentId: string): void;
  streamClosed(agentId: string): void;
}

export interface StreamInboxOptions {
  presence: StreamPresence;
  streams: OpenStreams;
}

/**
 * GET /v1/inbox/stream: every event of the account's sites, private notes included, with the
 * same replay-then-live and Last-Event-ID rules as the visitor stream. Without a position it
 * starts at the log's head with a `reset`: the inbox never wants the account's history, only
 * what changes after it reads. An open stream is how the server knows an agent has the
 * inbox open (presence). It lives no longer than its session: a `session.ended` for it (or
 * for all the agent's sessions) on the agent's topic is its last event, and a heartbeat that
 * finds the session expired or revoked ends it too.
 */
export function streamInboxRoutes({ db, bus, config }: Deps, { presence, streams }: StreamInboxOptions) {
  const { maxMs } = sessionLimits(config);
  return new Hono<InboxEnv>().get('/', requireAgent(), validate('query', InboxStreamQuery), async (c) => {
    const agent = c.get('agent');
    const sessionId = c.get('session').id;
    const siteIds = (await accountSites(db, agent.accountId)).map((s) => s.id);
    const ended: SessionEndedEvent = { type: 'session.ended', sessionId };
    return streamEvents(c, {
      bus,
      topic: [...siteIds.map(siteTopic), agentTopic(agent.id)],
      from: lastEventIdOf(c, c.req.valid('query').lastEventId) ?? 'now',
      log: siteLog(db, siteIds),
      maxReplay: config.PARLEY_STREAM_REPLAY_MAX,
      streams,
      owner: { key: `agent:${agent.id}`, max: config.PARLEY_STREAMS_PER_AGENT },
      onOpen: () => presence.streamOpened(agent.id),
      onClose: () => presence.streamClosed(agent.id),
      sort: (e) => (e.type !== 'session.ended' ? 'send' : e.sessionId === null || e.sessionId === sessionId ? 'last' : 'skip'),
      lastWord: async () => ((await sessionIsLive(db, sessionId, maxMs)) ? undefined : ended),
    });
  });
}
