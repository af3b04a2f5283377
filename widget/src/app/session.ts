import type { CreateVisitorBody, IdentifyResult, VisitorSession, VisitorStreamEvent } from '@parley/protocol';
import type { Host, Identity } from '../shared/contract';
import { readStored, storageKey, writeStored } from '../shared/storage';
import { createRequest } from './api';
import { openStream, type Stream } from './stream';
import type { Pending } from './timeline';

/** What this device remembers, under `parley:<site>` in localStorage. */
export interface Stored {
  token: string;
  visitorId: string;
  conversationId: string;
  /** Idempotency key of a conversation being created, kept until the server confirms it. */
  newConversation: string;
  lastEventId: number;
  /** The user this device was identified as; identify() with the same id is a no-op. */
  userId: string;
  outbox: Pending[];
  unread: number;
  /** The consent version the server recorded for this visitor (WidgetConfig.consent). */
  consent: number;
}

export interface SessionEvents {
  /** Another tab of the site wrote the record (a new visitor, another conversation, the badge). */
  otherTab(before: Partial<Stored>): void;
  /** An event of the visitor's stream, its place in the stream already saved. */
  event(e: VisitorStreamEvent): void;
}

export type Session = ReturnType<typeof openSession>;

/**
 * The visitor this device is: the stored record, shared with the site's other tabs, the
 * token requests carry, and that token's event stream. A new token (identify, another tab's
 * reset or sign-in) ends the stream of the old one.
 */
export function openSession(host: Pick<Host, 'api' | 'site'>, on: SessionEvents) {
  const key = storageKey(host.site);
  let stored = readStored<Stored>(key);
  let stream: Stream | undefined;
  /** An identify in flight: sends wait for it, so they go out under the identified visitor. */
  let identifying: Promise<unknown> | undefined;
  const request = createRequest(host.api, () => stored.token);
  const save = (patch: Partial<Stored>) => {
    stored = { ...stored, ...patch };
    writeStored(key, stored);
  };
  const close = () => {
    stream?.close();
    stream = undefined;
  };

  // A stream a newer tab took over comes back once this page is in use again.
  document.addEventListener('visibilitychange', () => document.hidden || stream?.kick());
  addEventListener('storage', (e) => {
    if (e.key !== key) return;
    const before = stored;
    stored = readStored<Stored>(key);
    if (before.token !== stored.token) close();
    on.otherTab(before);
  });

  return {
    request,
    save,
    get stored() {
      return stored;
    },

    /** Follows the visitor's events from the last one this device saw; without a visitor there are none. */
    follow() {
      const { token } = stored;
      if (stream || !token) return;
      stream = openStream({
        url: (last) => `${host.api}/v1/widget/stream?token=${encodeURIComponent(token)}&lastEventId=${last}`,
        lastEventId: stored.lastEventId ?? 0,
        onEvent: (e) => {
          if ('id' in e) save({ lastEventId: Math.max(e.id, stored.lastEventId ?? 0) });
          on.event(e);
        },
      });
    },

    /** Back online: reconnect now rather than when the backoff runs out. */
    kick: () => stream?.kick(),

    /** Creates the visitor (with `body`: locale, page, contact, consent) unless this device has one; true when it did. */
    async ensure(body: Omit<CreateVisitorBody, 'site'>): Promise<boolean> {
      await identifying;
      if (stored.token) return false;
      const session = await request<VisitorSession>('POST', '/visitors', { site: host.site, ...body });
      save({ token: session.token, visitorId: session.visitorId, lastEventId: session.eventCursor, consent: body.consent });
      return true;
    },

    /**
     * Signs the site's user in on this device, unless it already is them; `then` loads what
     * that user has, and sends wait for both. Undefined when there was nothing to do.
     */
    identify(identity: Identity, then: () => Promise<void>): Promise<void> | undefined {
      if (stored.token && stored.userId === identity.userId) return;
      const done = request<IdentifyResult>('POST', '/identify', { site: host.site, ...identity }).then((result) => {
        close();
        // The consent recorded is the old visitor's: the user's own profile says theirs (resume).
        save({ token: result.token, visitorId: result.visitorId, userId: identity.userId, lastEventId: result.eventCursor, consent: undefined });
        return then();
      });
      // A failed identify leaves the visitor this device was: sends go on under it, and the
      // caller shows the error.
      identifying = done.catch(() => {});
      return done;
    },

    /** Log out: no token, no stream, nothing stored. */
    forget() {
      close();
      stored = {};
      try {
        localStorage.removeItem(key);
      } catch {
        // Storage disabled: nothing was stored.
      }
    },
  };
}
