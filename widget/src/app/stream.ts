import type { VisitorStreamEvent } from '@parley/protocol';

export interface StreamOptions {
  url: (lastEventId: number) => string;
  lastEventId: number;
  onEvent: (event: VisitorStreamEvent) => void;
}

export interface Stream {
  /** Reconnect now if the stream is down (the browser came back online, the page is in use again). */
  kick(): void;
  close(): void;
}

const MAX_DELAY = 30_000;

/**
 * An EventSource that resumes from the last durable event it saw. EventSource's own retry
 * has a fixed delay and gives up on an HTTP error; this one closes it on any error and
 * reopens with exponential backoff (1 s … 30 s, jittered) and `lastEventId` in the URL.
 */
export function openStream(opts: StreamOptions): Stream {
  let last = opts.lastEventId;
  let attempt = 0;
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const connect = () => {
    clearTimeout(timer);
    source?.close();
    const es = new EventSource(opts.url(last));
    source = es;
    es.onopen = () => (attempt = 0);
    es.onmessage = (m) => {
      let event: VisitorStreamEvent;
      try {
        event = JSON.parse(m.data as string) as VisitorStreamEvent;
      } catch {
        return;
      }
      // A newer tab of this visitor took the stream's place: wait for kick() (this page in use again).
      if (event.type === 'stream.replaced') return es.close();
      if ('id' in event) last = Math.max(last, event.id);
      opts.onEvent(event);
    };
    es.onerror = () => {
      es.close();
      if (closed || source !== es) return;
      const delay = Math.min(MAX_DELAY, 1000 * 2 ** attempt++) * (0.5 + Math.random() / 2);
      timer = setTimeout(connect, delay);
    };
  };
  connect();

  return {
    kick() {
      if (!closed && source?.readyState !== EventSource.OPEN) connect();
    },
    close() {
      closed = true;
      clearTimeout(timer);
      source?.close();
    },
  };
}
