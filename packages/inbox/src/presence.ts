import { useEffect, useRef, useState } from 'preact/hooks';
import type { Presence, PresenceBody } from '@parley/protocol';
import { put } from './api';

/** Idle this long with the inbox open: shown as away (and given no new chats). */
const AWAY_AFTER_MS = 5 * 60_000;

/**
 * The agent's presence. Opening the inbox makes an offline agent online (server side); here,
 * an agent who was set away by idling comes back online on the next keypress or click. A
 * status chosen by hand is never overridden.
 */
export function usePresence(initial: Presence): [Presence, (p: Presence) => void] {
  const [presence, setLocal] = useState<Presence>(initial === 'offline' ? 'online' : initial);
  const autoAway = useRef(false);
  const set = (p: Presence, auto = false) => {
    autoAway.current = auto;
    setLocal(p);
    void put<void, PresenceBody>('/presence', { presence: p });
  };
  useEffect(() => {
    let timer = setTimeout(idle, AWAY_AFTER_MS);
    function idle() {
      setLocal((p) => {
        if (p === 'online') {
          autoAway.current = true;
          void put<void, PresenceBody>('/presence', { presence: 'away' });
          return 'away';
        }
        return p;
      });
    }
    const active = () => {
      clearTimeout(timer);
      timer = setTimeout(idle, AWAY_AFTER_MS);
      if (autoAway.current) set('online');
    };
    const events = ['keydown', 'pointerdown', 'focus'] as const;
    for (const e of events) addEventListener(e, active);
    return () => {
      clearTimeout(timer);
      for (const e of events) removeEventListener(e, active);
    };
  }, []);
  return [presence, (p) => set(p)];
}
