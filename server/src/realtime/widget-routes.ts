import { Hono } from 'hono';
import { StreamQuery } from '@parley/protocol';
import type { AppDeps } from '../core/deps';
import { ApiError } from '../http/errors';
import { validate } from '../http/validate';
import { requireVisitor, type WidgetEnv } from '../auth/visitor-auth';
import { visitorTopic } from './event-bus';
import { visitorEventsAfter } from './event-log';
import { streamEvents } from './sse';

export function parseEventId(raw: string | undefined): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,15}$/.test(raw)) throw new ApiError(400, 'invalid_request', 'Last-Event-ID must be a non-negative integer');
  return Number(raw);
}

export function streamRoutes({ db, bus, config }: AppDeps) {
  return new Hono<WidgetEnv>().get('/stream', validate('query', StreamQuery), (c) => {
    const { visitor } = requireVisitor(c);
    // The header wins: EventSource sets it on its own reconnects, over the URL it was opened with.
    const lastEventId = parseEventId(c.req.header('last-event-id')) ?? c.req.valid('query').lastEventId ?? 0;
    return streamEvents(c, {
      bus,
      topic: visitorTopic(visitor.id),
      lastEventId,
      replay: (after, limit) => visitorEventsAfter(db, visitor.id, after, limit),
      heartbeatMs: config.PARLEY_HEARTBEAT_SECONDS * 1000,
    });
  });
}
