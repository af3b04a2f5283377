import type { VisitorStreamEvent } from '@parley/protocol';

type Listener = (e: VisitorStreamEvent) => void;
const listeners = new Set<Listener>();
let source: EventSource | null = null;

/**
 * One EventSource for the whole app. EventSource reconnects by itself and sends
 * Last-Event-ID, so the server replays whatever was missed (the same rules as the widget's).
 */
export function connectStream(): () => void {
  source = new EventSource('/v1/inbox/stream');
  source.onmessage = (m) => {
    const event = JSON.parse(m.data as string) as VisitorStreamEvent;
    for (const l of listeners) l(event);
  };
  return () => {
    source?.close();
    source = null;
  };
}

export function onStreamEvent(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
