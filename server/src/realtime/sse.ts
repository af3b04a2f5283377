import type { ServerResponse } from 'node:http';
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import type { ResetEvent, StreamControlEvent } from '@parley/protocol';
import { ApiError } from '../http/errors';
import { clientIp } from '../http/rate-limit';
import type { EventBus, StreamEvent, Topic } from './event-bus';
import type { StreamLog } from './event-log';
import type { OpenStreams, StreamEnding, StreamOwner } from './open-streams';
import { eventFrame, sseFrame } from './sse-frame';

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
/**
 * A client this far behind (bytes written but not yet taken by its socket) is cut off; it
 * reconnects and catches up from the log.
 */
const MAX_BUFFERED_BYTES = 1024 * 1024;

const REPLACED: StreamControlEvent = { type: 'stream.replaced' };
const HEARTBEAT = sseFrame({ comment: 'heartbeat' });
/** How soon a client should reconnect when its stream ends because the process is shutting down. */
const RECONNECT_AFTER_CLOSE = sseFrame({ retry: 500 });
/** @hono/node-server leaves a response with this header to the handler, which wrote it itself. */
const ALREADY_SENT = 'x-hono-already-sent';

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
  /** The process's open streams, which count this one against its owner's, its address's and their own cap, and beat its heart. */
  streams: OpenStreams;
  owner: StreamOwner;
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
 *
 * Frames are written straight to the Node response (each event serialised once for all its
 * streams, sse-frame.ts): a stream is this object, its socket and its subscriptions, ~3× less
 * memory than through web streams (docs/benchmarks.md). Every write is synchronous, so
 * replayed, live and heartbeat frames never interleave.
 */
export function streamEvents(c: Context, opts: StreamOptions): Response {
  const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
  if (!outgoing) throw new Error('streams are written to the Node response: serve the app with @hono/node-server');
  // Admitted before the response starts, so a full address or process is an ordinary 429.
  const stream = new EventStream(opts, outgoing, clientIp(c));
  const response = new Response(null, { headers: { [ALREADY_SENT]: 'true' } });
  // @hono/node-server's own Response class writes itself from a cache that never looks for
  // the marker; reading `body` turns it into a standard Response, whose headers it checks.
  void response.body;
  // The middlewares around this handler (CORS, security headers) add theirs to this response
  // once it returns; the head goes out with them after.
  setImmediate(() => void stream.start(response.headers));
  return response;
}

class EventStream {
  #lastSent = 0;
  /** Live events that arrived before the replay was done; undefined once live. */
  #held: StreamEvent[] | undefined = [];
  #ended = false;
  #checking = false;
  readonly #release: () => void;
  #unsubscribe: (() => void)[] = [];
  #stopBeating: (() => void) | undefined;

  constructor(
    private readonly opts: StreamOptions,
    private readonly out: ServerResponse,
    address: string,
  ) {
    this.#release = opts.streams.open(opts.owner, address, (why) => this.#ending(why));
    opts.onOpen?.();
    out.once('close', () => this.#end());
  }

  async start(middlewareHeaders: Headers): Promise<void> {
    if (this.#ended) return;
    const head: Record<string, string> = {};
    middlewareHeaders.forEach((value, name) => {
      if (name !== ALREADY_SENT) head[name] = value;
    });
    this.out.writeHead(200, {
      ...head,
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      // nginx buffers responses by default; a stream must reach the client as it is written.
      'x-accel-buffering': 'no',
    });
    this.out.flushHeaders();
    const { opts } = this;
    const topics: readonly Topic[] = typeof opts.topic === 'string' ? [opts.topic] : opts.topic;
    this.#unsubscribe = topics.map((t) => opts.bus.subscribe(t, (e) => this.#live(e)));
    this.#stopBeating = opts.streams.heartbeats.add(() => void this.#beat());
    try {
      const { head: logHead, pruned } = await opts.log.window();
      const { from } = opts;
      if (from === 'now' || from < pruned || (await opts.log.countAfter(from, opts.maxReplay + 1)) > opts.maxReplay) {
        // Whatever a live event held so far carried, the client's reload will show.
        const reset: ResetEvent = { id: logHead, type: 'reset' };
        this.#lastSent = logHead - 1;
        this.#send(reset);
      } else {
        this.#lastSent = from;
        // A replay can be megabytes: it goes at the pace the client takes it, and counts
        // against no cut-off (only live events falling behind do).
        for (const e of await opts.log.after(from, opts.maxReplay)) if (!this.#send(e)) await this.#drained();
      }
      const held = this.#held ?? [];
      this.#held = undefined;
      for (const e of held) this.#live(e);
    } catch (err) {
      console.error('[parley] stream replay failed', err);
      this.out.destroy();
    }
  }

  /** Writes a frame (none before the head is out); false when the socket's buffer is full (wait for #drained before more). */
  #write(frame: string): boolean {
    if (this.#ended || !this.out.headersSent) return true;
    const more = this.out.write(frame);
    if (!this.#held && this.out.writableLength > MAX_BUFFERED_BYTES) this.out.destroy();
    return more;
  }

  #drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.out.off('drain', done).off('close', done);
        resolve();
      };
      this.out.on('drain', done).on('close', done);
    });
  }

  #send(e: StreamEvent | StreamControlEvent | ResetEvent): boolean {
    if ('id' in e) {
      if (e.id <= this.#lastSent) return true;
      this.#lastSent = e.id;
    }
    return this.#write(eventFrame(e));
  }

  #live(e: StreamEvent): void {
    if (this.#held) return void this.#held.push(e);
    const verdict = this.opts.sort?.(e) ?? 'send';
    if (verdict === 'last') this.#finish(e);
    else if (verdict === 'send') this.#send(e);
  }

  async #beat(): Promise<void> {
    if (this.#checking) return;
    this.#checking = true;
    const last = await this.opts.lastWord?.().catch((err: unknown) => void console.error('[parley] stream heartbeat check failed', err));
    this.#checking = false;
    if (last) this.#finish(last);
    else this.#write(HEARTBEAT);
  }

  /** Ends the stream on purpose: `last` is written after whatever is buffered, then the response ends. */
  #finish(last: StreamEvent | StreamControlEvent): void {
    this.#send(last);
    this.#close();
  }

  #ending(why: StreamEnding): void {
    if (why === 'replaced') return this.#finish(REPLACED);
    // The process is shutting down: EventSource comes back after `retry` ms, to whichever
    // process the load balancer picks (the widget and inbox streams reconnect on their own).
    this.#write(RECONNECT_AFTER_CLOSE);
    this.#close();
  }

  #close(): void {
    if (this.#ended) return;
    // Not started yet (no head written): a plain end would send a default 200 head, so cut it.
    if (this.out.headersSent) this.out.end();
    else this.out.destroy();
    this.#end();
  }

  #end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#unsubscribe.forEach((off) => off());
    this.#stopBeating?.();
    this.#release();
    this.opts.onClose?.();
  }
}
