import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ResetEvent, StreamControlEvent } from '@parley/protocol';
import { ApiError } from '../http/errors';
import { clientIp } from '../http/rate-limit';
import type { EventBus, StreamEvent, Topic } from './event-bus';
import type { StreamLog } from './event-log';
import type { OpenStreams, StreamEnding, StreamOwner } from './open-streams';

/**
 * Where a stream resumes: the Last-Event-ID header wins (EventSource sets it on its own
 * reconnects, over the URL it was opened with), then `?lastEventId=`; undefined without either.
 */
export function lastEventIdOf(c: Context, fromQuery: number | undefined): number | undefined {
  const raw = c.req.header('last-event-id');
  if (raw === undefined || raw === '') return fromQuery;
  if (!/^\d{1,15}$/.test(raw)) throw new ApiError(400, 'invalid_request', 'Last-Event-ID must be a non-negative integer');
  return Number(raw);
}
/** A client this far behind is cut off; it reconnects and catches up from the log. */
const MAX_BACKLOG = 2000;

const REPLACED: StreamControlEvent = { type: 'stream.replaced' };
/** How soon a client should reconnect when its stream ends because the process is shutting down. */
const RECONNECT_AFTER_CLOSE_MS = 500;

export interface StreamOptions {
  bus: EventBus;
  /**
   * One topic, or several (an agent's stream covers every site of the account). With several,
   * the bus must deliver across them in publish order, which is log order: the in-process bus
   * publishes synchronously right after each commit, so it does.
   */
  topic: Topic | readonly Topic[];
  /** Where the client resumes: after this event id, or `'now'`: at the log's head, with a reset. */
  from: number | 'now';
  log: StreamLog;
  /** A client more of its events behind than this gets a reset instead of a replay. */
  maxReplay: number;
  /** The process's open streams, which count this one against its owner's, its address's and their own cap. */
  streams: OpenStreams;
  owner: StreamOwner;
  heartbeatMs: number;
  /** Called once the stream is admitted, and once when it has closed (the inbox tracks agents' open tabs for presence). */
  onOpen?: () => void;
  onClose?: () => void;
  /**
   * For a stream the server may end (an agent's, when their session ends): sorts each live
   * event into one to send, one to skip (not this stream's) or the last one, sent before the
   * stream closes.
   */
  sort?: (e: StreamEvent) => 'send' | 'skip' | 'last';
  /** Asked at each heartbeat: a last event to close with (the session expired unannounced), or nothing. */
  lastWord?: () => Promise<StreamEvent | undefined>;
}

/**
 * An SSE stream that first brings the client up to date, then goes live, with no gap and no
 * duplicate: it subscribes before reading the log, holds live events back meanwhile, and
 * drops any durable event whose id it has already sent. Up to date means a replay of the
 * log after `from` when that is short and still all there; otherwise a `reset` at the log's
 * head, after which the client reloads what it shows: a replay from event 0 was 12.9 MB and
 * stalled the process for 2.6 s at 100k events.
 */
export function streamEvents(c: Context, opts: StreamOptions): Response {
  let ending: (why: StreamEnding) => void = () => {};
  // Admitted before the response starts, so a full address or process is an ordinary 429.
  const release = opts.streams.open(opts.owner, clientIp(c), (why) => ending(why));
  opts.onOpen?.();
  return streamSSE(c, async (stream) => {
    let lastSent = 0;
    let live = false;
    const held: StreamEvent[] = [];
    let writing: Promise<unknown> = Promise.resolve();
    let backlog = 0;

    const send = async (e: StreamEvent | StreamControlEvent) => {
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
    const beat = async () => {
      const last = await opts.lastWord?.().catch((err: unknown) => void console.error('[parley] stream heartbeat check failed', err));
      if (ended) return;
      if (last) return finish(last);
      queue(() => stream.write(': heartbeat\n\n'));
      heartbeat = setTimeout(() => void beat(), opts.heartbeatMs);
    };
    let heartbeat: NodeJS.Timeout | undefined = setTimeout(() => void beat(), Math.random() * opts.heartbeatMs);
    let ended = false;
    let closed!: () => void;
    const done = new Promise<void>((resolve) => (closed = resolve));
    const end = () => {
      if (ended) return;
      ended = true;
      unsubscribe();
      clearTimeout(heartbeat);
      release();
      opts.onClose?.();
      closed();
    };
    stream.onAbort(end);
    /**
     * Ends the stream on purpose: `last` is written after whatever is queued, then the stream
     * closes (an abort would drop what is still buffered, the last event with it).
     */
    const finish = (last: StreamEvent | StreamControlEvent) => queue(() => send(last).then(end));
    ending = (why) => {
      if (why === 'replaced') return finish(REPLACED);
      // The process is shutting down: EventSource comes back after `retry` ms, to whichever
      // process the load balancer picks (the widget and inbox streams reconnect on their own).
      queue(() => stream.write(`retry: ${RECONNECT_AFTER_CLOSE_MS}\n\n`).then(end));
    };

    try {
      const { head, pruned } = await opts.log.window();
      const { from } = opts;
      if (from === 'now' || from < pruned || (await opts.log.countAfter(from, opts.maxReplay + 1)) > opts.maxReplay) {
        // Whatever a live event held so far carried, the client's reload will show.
        lastSent = head;
        const reset: ResetEvent = { id: head, type: 'reset' };
        await stream.writeSSE({ id: String(head), data: JSON.stringify(reset) });
      } else {
        lastSent = from;
        for (const e of await opts.log.after(from, opts.maxReplay)) await send(e);
      }
      live = true;
      for (const e of held.splice(0)) enqueue(e);
    } catch (err) {
      console.error('[parley] stream replay failed', err);
      stream.abort();
    }
    await done;
  });
}
