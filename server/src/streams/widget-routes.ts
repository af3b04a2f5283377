import { Hono } from 'hono';
import { StreamQuery } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { requireVisitor, type WidgetEnv } from '../auth/visitor-auth';
import { validate } from '../http/validate';
import { visitorTopic } from '../realtime/event-bus';
import { visitorLog } from '../realtime/event-log';
import type { OpenStreams } from '../realtime/open-streams';
import { lastEventIdOf, streamEvents } from '../realtime/sse';

/**
 * GET /v1/widget/stream: the visitor's events (never private notes), replayed from
 * Last-Event-ID (or from their first), then live. A visitor keeps a few streams (tabs) open.
 */
export function streamWidgetRoutes({ db, bus, config }: Deps, { streams }: { streams: OpenStreams }) {
  return new Hono<WidgetEnv>().get('/', validate('query', StreamQuery), (c) => {
    const { visitor } = requireVisitor(c);
    return streamEvents(c, {
      bus,
      topic: visitorTopic(visitor.id),
      from: lastEventIdOf(c, c.req.valid('query').lastEventId) ?? 0,
      log: visitorLog(db, visitor.id),
      maxReplay: config.PARLEY_STREAM_REPLAY_MAX,
      streams,
      owner: { key: `visitor:${visitor.id}`, max: config.PARLEY_STREAMS_PER_VISITOR },
    });
  });
}
