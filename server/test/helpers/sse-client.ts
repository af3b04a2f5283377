import { createParser } from 'eventsource-parser';
import type { VisitorStreamEvent } from '@parley/protocol';

export interface SseConnection {
  /** Resolves once the response headers arrived (the server has subscribed). */
  ready: Promise<Response>;
  /** Resolves when the stream ends for any reason. */
  done: Promise<void>;
  close(): void;
}

/**
 * A minimal EventSource over fetch for tests: sends Last-Event-ID like a browser does on
 * reconnect, and hands every parsed event (with its SSE id) to `onEvent`.
 */
export function openStream<E = VisitorStreamEvent>(
  url: string,
  opts: { lastEventId?: number; headers?: Record<string, string>; onEvent: (e: E, id: string | undefined) => void; onComment?: (c: string) => void },
): SseConnection {
  const abort = new AbortController();
  const headers: Record<string, string> = { accept: 'text/event-stream', ...opts.headers };
  if (opts.lastEventId !== undefined) headers['last-event-id'] = String(opts.lastEventId);
  const ready = fetch(url, { headers, signal: abort.signal });
  const done = ready
    .then(async (res) => {
      if (!res.ok || !res.body) throw new Error(`stream failed: ${res.status} ${await res.text()}`);
      const parser = createParser({
        onEvent: (ev) => opts.onEvent(JSON.parse(ev.data) as E, ev.id),
        onComment: (c) => opts.onComment?.(c),
      });
      const decoder = new TextDecoder();
      for await (const chunk of res.body) parser.feed(decoder.decode(chunk, { stream: true }));
    })
    .catch((err: unknown) => {
      if (abort.signal.aborted) return;
      // A killed server ends the stream with a socket error: that is a normal end here.
      if (err instanceof TypeError || (err as { code?: string }).code === 'ECONNRESET') return;
      throw err;
    });
  return { ready, done, close: () => abort.abort() };
}
