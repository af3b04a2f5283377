import type { QueueState } from '@parley/protocol';
import type { Request } from './api';
import type { ChatState } from './state';
import type { Store } from './store';

/** The agent's or bot's typing dots go after this long without a "stopped" (a lost event, a closed tab). */
export const TYPING_SHOWN_MS = 8000;
/** The visitor's own "stopped typing" goes out after this long without a keystroke. */
export const TYPING_IDLE_MS = 4000;
/** While the visitor types, one "typing" per this long is enough for the agent's dots. */
export const TYPING_EVERY_MS = 3000;
/** How often a queued conversation asks for its place in line and expected wait. */
export const QUEUE_POLL_MS = 20_000;
/** PAGE_URL_MAX in protocol: longer URLs are cut (the server refuses them). */
const PAGE_URL_MAX = 2000;

type Timer = ReturnType<typeof setTimeout> | undefined;

/** The page for the inbox's sidebar: without the fragment (it can hold tokens), http(s) only. */
export function currentPage(): string | undefined {
  return /^https?:$/.test(location.protocol) ? location.href.split('#')[0]!.slice(0, PAGE_URL_MAX) : undefined;
}

export type Signals = ReturnType<typeof createSignals>;

/**
 * What goes back and forth on timers rather than on the visitor's actions: typing both ways,
 * the place in line, and the page the visitor is on.
 */
export function createSignals(state: Store<ChatState>, request: Request, token: () => string | undefined) {
  let dots: Timer;
  let idle: Timer;
  let poll: Timer;
  /** When the visitor's last "typing" went out; 0 once their "stopped" did. */
  let typingSent = 0;
  /** Token and page last reported: a page is sent once per navigation, and again per visitor. */
  let reported = '';

  const typing = (id: string, isTyping: boolean) =>
    request('POST', `/conversations/${id}/typing`, { isTyping }).catch(() => {
      // Typing is ephemeral: a lost signal is harmless.
    });

  const stoppedTyping = () => {
    const current = state.get().current;
    if (!current || !typingSent) return;
    typingSent = 0;
    void typing(current.id, false);
  };

  /** Tells the inbox which page the visitor is on (and, through the request, their browser). */
  const reportPage = () => {
    const t = token();
    const page = currentPage();
    const key = `${t}|${page}`;
    if (!t || !page || key === reported) return;
    reported = key;
    request('PATCH', '/visitor', { page }).catch(() => {
      // Only the sidebar's "Page" stays stale.
    });
  };
  // SPA navigation: the Navigation API sees pushState; where it is missing, popstate and
  // the next send still catch the move, without wrapping the page's history methods.
  addEventListener('popstate', reportPage);
  (window as { navigation?: EventTarget }).navigation?.addEventListener('currententrychange', reportPage);

  /** While the current conversation is queued, asks for its place in line now and then. */
  const watchQueue = () => {
    clearTimeout(poll);
    const current = state.get().current;
    if (current?.status !== 'queued') return state.set({ queue: null });
    request<QueueState>('GET', `/conversations/${current.id}/queue`)
      .then((queue) => state.get().current?.id === current.id && state.set({ queue }))
      .catch(() => {
        // Without it the banner falls back to "An agent will reply shortly".
      });
    poll = setTimeout(watchQueue, QUEUE_POLL_MS);
  };

  return {
    reportPage,
    watchQueue,
    stoppedTyping,

    /** The visitor was created with this page: it needs no report of its own. */
    pageSent(page: string | undefined) {
      reported = `${token()}|${page}`;
    },

    /** The agent or bot started or stopped typing. */
    othersTyping(isTyping: boolean) {
      clearTimeout(dots);
      if (isTyping) dots = setTimeout(() => state.set({ typing: false }), TYPING_SHOWN_MS);
    },

    /** A keystroke in the composer. */
    typed() {
      const current = state.get().current;
      if (!current) return;
      clearTimeout(idle);
      idle = setTimeout(stoppedTyping, TYPING_IDLE_MS);
      if (Date.now() - typingSent < TYPING_EVERY_MS) return;
      typingSent = Date.now();
      void typing(current.id, true);
    },

    stop() {
      clearTimeout(dots);
      clearTimeout(idle);
      clearTimeout(poll);
    },
  };
}
