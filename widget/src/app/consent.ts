import type { VisitorProfile, WidgetConfig } from '@parley/protocol';
import type { Host } from '../shared/contract';
import { HttpError } from './api';
import type { Session } from './session';
import type { ChatState } from './state';
import type { Store } from './store';

export interface ConsentDeps {
  host: Pick<Host, 'config' | 'site'>;
  session: Pick<Session, 'stored' | 'save' | 'request'>;
  state: Store<ChatState>;
  /** Consent was given: the sends it held back go out. */
  resend(): void;
  fail(e: unknown): void;
}

/**
 * The consent a site may ask for before the first message (WidgetConfig.consent). The
 * server refuses a new visitor, a conversation and a message without it; the box shows
 * until the version the site asks for is recorded, which this device remembers. A new
 * visitor is created with it, a known one records it when they tick the box.
 */
export function createConsent({ host, session, state, resend, fail }: ConsentDeps) {
  let asked = host.config.consent;
  /** The recording in flight: sends wait for it, or the server would refuse them. */
  let recording: Promise<unknown> = Promise.resolve();

  /** The box to show: none when the site does not ask, or this visitor agreed to the text it asks about. */
  const due = () => (asked && (session.stored.consent ?? -1) < asked.version ? { ...asked, ticked: false } : null);
  /** Shows the box or not, from what is stored (a box ticked but not yet sent starts unticked). */
  const update = () => state.set({ consent: due() });
  const agreed = (version: number) => {
    session.save({ consent: version });
    update();
  };

  /** The server wants consent (the owner changed the text since the config loaded, or none is recorded). */
  async function askAgain() {
    session.save({ consent: undefined });
    try {
      asked = (await session.request<WidgetConfig>('GET', `/config?site=${encodeURIComponent(host.site)}`)).consent;
    } catch {
      // The text the widget has is still worth asking about.
    }
    update();
  }

  update();
  return {
    due,
    recording: () => recording,

    /** The version a new visitor is created with: the ticked one, if the site asks. */
    version: () => (state.get().consent?.ticked ? state.get().consent!.version : undefined),

    update,

    /** Any failure: true when it was a 403 consent_required, and the box shows again. */
    refused(e: unknown): boolean {
      const is = e instanceof HttpError && e.code === 'consent_required';
      if (is) void askAgain();
      return is;
    },

    /** A returning visitor (a reload, identify, another tab): their profile may know a consent this device does not. */
    async check() {
      update();
      if (!state.get().consent || !session.stored.token) return;
      // Unknown (the request failed): the box stays, and ticking it records the consent again.
      const agreedTo = (await session.request<VisitorProfile>('GET', '/visitor').catch(() => null))?.consentVersion;
      if (agreedTo != null) agreed(agreedTo);
    },

    tick(ticked: boolean) {
      const c = state.get().consent;
      if (!c) return;
      state.set({ consent: { ...c, ticked } });
      if (!ticked) return;
      if (!session.stored.token) return resend();
      recording = session.request('POST', '/consent', { version: c.version }).then(
        () => {
          agreed(c.version);
          resend();
        },
        (e: unknown) => {
          // 409: the version is no longer the current one; show the text that is.
          if (e instanceof HttpError && e.status === 409) return askAgain();
          state.set({ consent: { ...c, ticked: false } });
          fail(e);
        },
      );
    },
  };
}
