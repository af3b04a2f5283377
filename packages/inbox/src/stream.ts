import type { DurableEvent, InboxStreamEvent } from '@parley/protocol';

type Listener = (e: InboxStreamEvent) => void;
const listeners = new Set<Listener>();

function pending() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
let live = pending();

/** How long before reopening a stream the server refused (a cap: 429), jittered. */
const RETRY_MS = 10_000;

/**
 * One EventSource for the whole app. Opened without a position, the server starts it at the
 * events log's head with a `reset`, instead of replaying the account's history (12.9 MB at
 * 100k events, on every page load). Views that follow the stream read once it is live
 * (`streamLive`): whatever changes after their read then arrives on it. EventSource
 * reconnects by itself with Last-Event-ID, and the server replays what was missed or, too
 * far behind, sends a `reset`, on which views load again what they show. `session.ended` is
 * the server's last word: the stream is closed for good (EventSource would reconnect with a
 * dead session) and listeners (the app) go back to the login screen.
 */
export function connectStream(): () => void {
  let source: EventSource | undefined;
  let position: number | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let isLive = false;
  let sessionEnded = false;
  const goLive = () => {
    isLive = true;
    live.resolve();
  };

  const open = () => {
    const es = new EventSource(position === undefined ? '/v1/inbox/stream' : `/v1/inbox/stream?lastEventId=${position}`);
    source = es;
    es.onmessage = (m) => {
      const event = JSON.parse(m.data as string) as InboxStreamEvent;
      if ('id' in event) position = event.id;
      // Another tab of this agent took the stream's place: it comes back with this page.
      if (event.type === 'stream.replaced') return es.close();
      // The first reset only says where the stream starts: no view has read anything yet.
      if (event.type === 'reset' && !isLive) return goLive();
      if (event.type === 'session.ended') {
        sessionEnded = true;
        es.close();
      }
      for (const l of listeners) l(event);
    };
    es.onerror = () => {
      // Views read without a live stream rather than wait for one; its first reset then reloads them.
      goLive();
      // EventSource retries a dropped connection, but gives up on a refusal.
      if (es.readyState === EventSource.CLOSED) retry = setTimeout(reopen, RETRY_MS * (0.5 + Math.random()));
    };
  };
  const reopen = () => {
    if (sessionEnded || source?.readyState !== EventSource.CLOSED) return;
    clearTimeout(retry);
    open();
  };
  const pageInUse = () => document.hidden || reopen();
  addEventListener('focus', pageInUse);
  document.addEventListener('visibilitychange', pageInUse);
  open();
  return () => {
    removeEventListener('focus', pageInUse);
    document.removeEventListener('visibilitychange', pageInUse);
    clearTimeout(retry);
    source?.close();
    live = pending();
  };
}

/** Resolves once the stream is live (or could not be opened): a view that follows it reads after that. */
export const streamLive = (): Promise<void> => live.promise;

/**
 * A change the server logged. Typing and streamed bot text are ephemeral: they change nothing
 * a refetch would show (the bot's answer arrives as a logged message when it is complete).
 */
export const isLogged = (e: InboxStreamEvent): e is DurableEvent => 'id' in e && e.type !== 'reset';

export function onStreamEvent(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/**
 * Calls `refresh` once a burst of events that `matches` has settled (150 ms without one): a
 * single handoff brings several events, and each would otherwise refetch. A reset always
 * matches: the stream skipped whatever happened meanwhile.
 */
export function refreshOnStream(matches: (e: InboxStreamEvent) => boolean, refresh: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const off = onStreamEvent((e) => {
    if (e.type !== 'reset' && !matches(e)) return;
    clearTimeout(timer);
    timer = setTimeout(refresh, 150);
  });
  return () => {
    off();
    clearTimeout(timer);
  };
}
