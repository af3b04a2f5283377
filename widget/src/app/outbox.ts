import type { Conversation, Message } from '@parley/protocol';
import { isRetryable, newClientId } from './api';
import type { Session } from './session';
import type { ChatState } from './state';
import type { Store } from './store';
import { upsert, type Pending } from './timeline';

/** Tries of one message, while online, before it shows "Not sent. Retry". */
export const MAX_SEND_ATTEMPTS = 3;
/** The wait before the next try doubles from this: 2 s after the first failure, 4 s after the second. */
const RETRY_BASE_MS = 1000;

export interface OutboxDeps {
  session: Pick<Session, 'stored' | 'save' | 'request'>;
  state: Store<ChatState>;
  /** Makes sure there is a visitor to send as: the first send creates one. */
  ready(): Promise<void>;
  /** A send given up on, with the error that ended it. */
  gaveUp(e: unknown): void;
  /** Loads the list and shows the conversation the stored record names, never throwing. */
  resume(): Promise<void>;
}

export type Outbox = ReturnType<typeof createOutbox>;

/**
 * Messages typed here that the server does not have yet. They live in the stored record, so
 * a reload or another tab still has them, and go out in order, one at a time; the first one
 * creates the conversation. Each keeps its clientId across retries (as does the conversation
 * being created), so a send whose response was lost is stored once. Offline, messages wait
 * for `online()`; a server error retries with backoff, then shows "Not sent. Retry".
 */
export function createOutbox({ session, state, ready, gaveUp, resume }: OutboxDeps) {
  let flushing = false;
  let attempts = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const list = () => session.stored.outbox ?? [];
  /** The current conversation's share of the outbox, for the message list. */
  const show = () => {
    const id = state.get().current?.id ?? null;
    state.set({ pending: list().filter((p) => p.conversationId === id) });
  };
  const write = (outbox: Pending[]) => {
    session.save({ outbox });
    show();
  };
  const mark = (clientId: string, failed: boolean) => write(list().map((p) => (p.clientId === clientId ? { ...p, failed } : p)));
  const drop = (clientId: string) => {
    if (list().some((p) => p.clientId === clientId)) write(list().filter((p) => p.clientId !== clientId));
  };

  async function conversation(): Promise<string> {
    const current = state.get().current;
    if (current) return current.id;
    const clientId = session.stored.newConversation ?? newClientId('c-');
    session.save({ newConversation: clientId });
    const created = await session.request<Conversation>('POST', '/conversations', { clientId, helpSession: state.get().helpSession || undefined });
    const outbox = list().map((p) => (p.conversationId ? p : { ...p, conversationId: created.id }));
    session.save({ conversationId: created.id, newConversation: undefined, outbox });
    state.set({ current: created, conversations: [created, ...state.get().conversations.filter((c) => c.id !== created.id)] });
    show();
    return created.id;
  }

  /**
   * The server keeps a closed ticket closed: a reply to it went into a new ticket, linked to
   * it. The visitor follows it there, and so do the replies queued behind it. The reply shows
   * as sending in the old thread until the new one is loaded, so it never seems to vanish.
   */
  async function moved(from: string, to: string) {
    if (state.get().current?.id === from) {
      session.save({ conversationId: to });
      await resume();
    }
    write(list().map((p) => (p.conversationId === from ? { ...p, conversationId: to } : p)));
  }

  async function flush(): Promise<void> {
    if (flushing) return;
    flushing = true;
    clearTimeout(timer);
    try {
      for (;;) {
        const item = list().find((p) => !p.failed);
        if (!item) break;
        try {
          await ready();
          const id = item.conversationId ?? (await conversation());
          const m = await session.request<Message>('POST', `/conversations/${id}/messages`, { clientId: item.clientId, body: item.body });
          attempts = 0;
          if (m.conversationId !== id) await moved(id, m.conversationId);
          if (m.conversationId === state.get().current?.id) state.set({ messages: upsert(state.get().messages, m) });
          drop(item.clientId);
        } catch (e) {
          if (!isRetryable(e) || (navigator.onLine && ++attempts >= MAX_SEND_ATTEMPTS)) {
            gaveUp(e);
            mark(item.clientId, true);
            continue;
          }
          if (navigator.onLine) timer = setTimeout(() => void flush(), RETRY_BASE_MS * 2 ** attempts);
          break;
        }
      }
    } finally {
      flushing = false;
    }
  }

  /** Sends again from a clean slate: the visitor asked, or the browser is back online. */
  const again = () => {
    attempts = 0;
    void flush();
  };

  return {
    show,
    drop,
    flush,
    online: again,

    add(body: string) {
      write([...list(), { clientId: newClientId('m-'), body, conversationId: state.get().current?.id ?? null, createdAt: new Date().toISOString() }]);
      void flush();
    },

    retry(clientId: string) {
      mark(clientId, false);
      again();
    },

    /** Consent given: every message it held back (marked failed) goes out. */
    resend() {
      if (!list().some((p) => p.failed)) return;
      write(list().map((p) => ({ ...p, failed: false })));
      again();
    },
  };
}
