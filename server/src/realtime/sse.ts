import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { DurableEvent } from '@parley/protocol';
import { ApiError } from '../http/errors';
import type { EventBus, StreamEvent, Topic } from './event-bus';

const REPLAY_PAGE = 500;

/**
 * Where a stream resumes: the Last-Event-ID header wins (EventSource sets it on its own
 * reconnects, over the URL it was opened with), then `?lastEventId=`, else the beginning.
 */
export function lastEventIdOf(c: Context, fromQuery: number | undefined): number {
  const raw = c.req.header('last-event-id');
  if (raw === undefined || raw === '') return fromQuery ?? 0;
  if (!/^\d{1,15}$/.test(raw)) throw new ApiError(400, 'invalid_request', 'Last-Event-ID must be a non-negative integer');
  return Number(raw);
}
/** A client this far behind is cut off; it reconnects and catches up from the log. */
const MAX_BACKLOG = 2000;

export interface StreamOptions {
  bus: EventBus;
  /**
   * One topic, or several (an agent's stream covers every site of the account). With several,
   * the bus must deliver across them in publish order, which is log order: the in-process bus
   * publishes synchronously right after each commit, so it does.
   */
  topic: Topic | readonly Topic[];
  lastEventId: number;
  replay: (afterId: number, limit: number) => DurableEvent[];
  heartbeatMs: number;
  /** Called once when the stream ends (the inbox tracks agents' open tabs for presence). */
  onClose?: () => void;
  /**
   * For a stream the server may end (an agent's, when their session ends): sorts each live
   * event into one to send, one to skip (not this stream's) or the last one, sent before the
   * stream closes.
   */
  sort?: (e: StreamEvent) => 'send' | 'skip' | 'last';
  /** Asked at each heartbeat: a last event to close with (the session expired unannounced), or nothing. */
  lastWord?: () => StreamEvent | undefined;
}

/**
 * An SSE stream that first replays the log after `lastEventId`, then goes live, with no gap
 * and no duplicate: it subscribes before reading the log, holds live events back while the
 * replay runs, and drops any durable event whose id it has already sent.
 */
export function streamEvents(c: Context, opts: StreamOptions): Response {
  return streamSSE(c, async (stream) => {
    let lastSent = opts.lastEventId;
    let live = false;
    const held: StreamEvent[] = [];
    let writing: Promise<unknown> = Promise.resolve();
    let backlog = 0;

    const send = async (e: StreamEvent) => {
      if ('id' in e) {
        if (e.id <= lastSent) return;
        lastSent = e.id;
        await stream.writeSSE({ id: String(e.id), data: JSON.stringify(e) });
      } else {
        await stream.writeSSE({ data: JSON.stringify(e) });
      }
    };
    // Writes are chained so live events, held events and heartbeats never interleave.
    const queue = (write: () => Promise<unknown>) => {
      if (++backlog > MAX_BACKLOG) return void stream.abort();
      writing = writing.then(write).finally(() => backlog--);
    };
    let ended = false;
    let end!: () => void;
    const closed = new Promise<void>((resolve) => (end = resolve));
    const cleanUp = () => {
      if (ended) return;
      ended = true;
      unsubscribe();
      clearTimeout(heartbeat);
      opts.onClose?.();
      end();
    };
    // Closing rather than aborting lets the last event reach the client: an abort drops what is still buffered.
    const finish = (e: StreamEvent) => {
      queue(() => send(e));
      writing = writing.then(cleanUp, cleanUp);
    };
    const enqueue = (e: StreamEvent) => {
      const verdict = opts.sort?.(e) ?? 'send';
      if (verdict === 'last') finish(e);
      else if (verdict === 'send') queue(() => send(e));
    };

    const topics: readonly Topic[] = typeof opts.topic === 'string' ? [opts.topic] : opts.topic;
    const unsubscribes = topics.map((t) => opts.bus.subscribe(t, (e) => (live ? enqueue(e) : held.push(e))));
    const unsubscribe = () => unsubscribes.forEach((off) => off());
    // Spread heartbeats: one timer per stream with a random phase, so 10k streams never all
    // write in the same tick (a single loop over all of them stalls the event loop, docs/spec.md §6).
    let heartbeat: NodeJS.Timeout | undefined = setTimeout(function beat() {
      const last = opts.lastWord?.();
      if (last) return finish(last);
      queue(() => stream.write(': heartbeat\n\n'));
      heartbeat = setTimeout(beat, opts.heartbeatMs);
    }, Math.random() * opts.heartbeatMs);
    stream.onAbort(cleanUp);

    try {
      for (;;) {
        const page = opts.replay(lastSent, REPLAY_PAGE);
        for (const e of page) await send(e);
        if (page.length < REPLAY_PAGE) break;
      }
      live = true;
      for (const e of held.splice(0)) enqueue(e);
    } catch (err) {
      console.error('[parley] stream replay failed', err);
      stream.abort();
    }
    await closed;
  });
}
