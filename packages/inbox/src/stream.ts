import type { DurableEvent, InboxStreamEvent } from '@parley/protocol';

type Listener = (e: InboxStreamEvent) => void;
const listeners = new Set<Listener>();
let source: EventSource | null = null;

/**
 * One EventSource for the whole app. EventSource reconnects by itself and sends
 * Last-Event-ID, so the server replays whatever was missed (the same rules as the widget's).
 * `session.ended` is the server's last word: the stream is closed before EventSource can
 * reconnect with a dead session, and listeners (the app) go back to the login screen.
 */
export function connectStream(): () => void {
  source = new EventSource('/v1/inbox/stream');
  source.onmessage = (m) => {
    const event = JSON.parse(m.data as string) as InboxStreamEvent;
    if (event.type === 'session.ended') {
      source?.close();
      source = null;
    }
    for (const l of listeners) l(event);
  };
  return () => {
    source?.close();
    source = null;
  };
}

/**
 * A change the server logged. Typing and streamed bot text are ephemeral: they change nothing
 * a refetch would show (the bot's answer arrives as a logged message when it is complete).
 */
export const isLogged = (e: InboxStreamEvent): e is DurableEvent => 'id' in e;

export function onStreamEvent(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/**
 * Calls `refresh` once a burst of events that `matches` has settled (150 ms without one): a
 * single handoff brings several events, and each would otherwise refetch.
 */
export function refreshOnStream(matches: (e: InboxStreamEvent) => boolean, refresh: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const off = onStreamEvent((e) => {
    if (!matches(e)) return;
    clearTimeout(timer);
    timer = setTimeout(refresh, 150);
  });
  return () => {
    off();
    clearTimeout(timer);
  };
}
