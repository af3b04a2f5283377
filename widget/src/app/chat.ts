import type { Conversation, ConversationList, Message, MessagePage, VisitorStreamEvent } from '@parley/protocol';
import type { Host, Identity } from '../shared/contract';
import { pickLocale } from '../shared/locale';
import { HttpError } from './api';
import { createActions } from './actions';
import { createConsent } from './consent';
import { loadStrings } from './i18n';
import { createOutbox } from './outbox';
import { reduce, type Effect } from './reduce';
import { openSession, type Stored } from './session';
import { createSignals, currentPage } from './signals';
import { initialState, signedOut } from './state';
import { Store } from './store';
import { upsert } from './timeline';

export type ContactFields = Partial<Record<'name' | 'email' | 'phone', string>>;

export type Chat = ReturnType<typeof createChat>;

/** The stored visitor is gone (deleted, or its token revoked). */
const unauthorized = (e: unknown) => e instanceof HttpError && e.status === 401;

/**
 * The visitor's side of the conversation, as the UI and the JS API call it. It wires the
 * session (who the visitor is, the stored record, the stream), the outbox, the consent the
 * site may ask for, the stream events' reducer and the timed signals, and loads the
 * conversations to show.
 */
export function createChat(host: Host) {
  const session = openSession(host, { otherTab: fromOtherTab, event: onEvent });
  const { request } = session;
  const state = new Store(initialState(!!session.stored.token));
  const signals = createSignals(state, request, () => session.stored.token);
  const outbox = createOutbox({ session, state, ready, gaveUp: (e) => (unauthorized(e) ? forget() : consent.refused(e)), resume });
  const consent = createConsent({ host, session, state, resend: outbox.resend, fail });
  addEventListener('online', () => {
    state.set({ online: true });
    session.kick();
    outbox.online();
  });
  addEventListener('offline', () => state.set({ online: false }));
  document.addEventListener('visibilitychange', markRead);

  /** Before a write (a message, a ticket): the visitor exists, with the consent the site asks for; the first write creates them. */
  async function ready() {
    await ensureSession();
    await consent.recording();
    signals.reportPage();
  }

  /** Reports a failure in the panel (and once on the console), never to the page. */
  function fail(e: unknown) {
    host.warn(e);
    state.set({ error: state.get().strings.error });
  }

  async function act(fn: () => Promise<unknown>) {
    try {
      state.set({ error: null });
      await fn();
    } catch (e) {
      if (!consent.refused(e)) fail(e);
    }
  }

  async function setLocale(locale: string): Promise<void> {
    const picked = pickLocale(locale);
    const strings = await loadStrings(picked);
    state.set({ strings, locale: picked });
    host.label(strings.open, strings.close);
  }

  /** Loads the conversation list and the current conversation, then follows the stream. */
  async function resume() {
    try {
      const { conversations } = await request<ConversationList>('GET', '/conversations');
      // On a new device (an identified user) nothing is stored: show the latest ongoing one.
      const stored = session.stored.conversationId;
      const current = conversations.find((c) => (stored ? c.id === stored : c.status !== 'resolved' && c.status !== 'closed')) ?? null;
      state.set({ conversations, hasSession: true });
      void consent.check();
      await show(current);
      follow();
    } catch (e) {
      if (unauthorized(e)) forget();
      else fail(e);
    }
  }

  async function show(conversation: Conversation | null) {
    state.set({ current: conversation, messages: [], drafts: [], typing: false, rated: conversation?.rating != null, view: 'chat' });
    session.save({ conversationId: conversation?.id });
    outbox.show();
    signals.watchQueue();
    if (conversation) await load(conversation);
  }

  /** Loads the conversation's messages, keeping those the stream brought meanwhile. */
  async function load(conversation: Conversation) {
    let messages: Message[] = [];
    for (let after = 0; ; ) {
      const page = await request<MessagePage>('GET', `/conversations/${conversation.id}/messages?after=${after}&limit=200`);
      messages = messages.concat(page.messages);
      if (!page.hasMore || !page.messages.length) break;
      after = page.messages[page.messages.length - 1]!.id;
    }
    // Stream events may have arrived while the pages loaded: keep both.
    for (const m of state.get().messages) messages = upsert(messages, m);
    state.set({ messages });
    markRead();
  }

  /** A background refresh: a failure keeps the list it has (and never reaches the page). */
  async function refreshList() {
    try {
      const { conversations } = await request<ConversationList>('GET', '/conversations');
      state.set({ conversations });
    } catch {
      // The next event or open of the list tries again.
    }
  }

  /** After a reset: the list and the open conversation again, without emptying the panel first. */
  async function resync() {
    await refreshList();
    const fresh = state.get().conversations.find((c) => c.id === state.get().current?.id);
    if (!fresh) return;
    state.set({ current: fresh });
    await load(fresh).catch(fail);
  }

  function follow() {
    signals.reportPage();
    session.follow();
  }

  const effects: { [T in Effect['type']]: (effect: Extract<Effect, { type: T }>) => void } = {
    emit: (effect) => host.emit('message', effect.message),
    delivered: (effect) => outbox.drop(effect.clientId),
    unread: () => {
      if (!visible()) setUnread((session.stored.unread ?? 0) + 1);
    },
    markRead,
    refreshList,
    watchQueue: signals.watchQueue,
    typing: (effect) => signals.othersTyping(effect.isTyping),
    resync: () => void resync(),
  };

  function onEvent(e: VisitorStreamEvent) {
    const before = state.get();
    const next = reduce(before, e);
    if (next.state !== before) state.set(next.state);
    // The table's type pairs each effect with its handler; TypeScript cannot follow that
    // pairing through an index, hence the cast.
    for (const effect of next.effects) effects[effect.type](effect as never);
  }

  let opened = false;
  const visible = () => state.get().open && document.visibilityState === 'visible';

  function setUnread(n: number) {
    session.save({ unread: n });
    host.setUnread(n);
  }

  /** Another tab wrote the record: follow a reset or a new identity, share the badge. */
  function fromOtherTab(before: Partial<Stored>) {
    const stored = session.stored;
    if (before.consent !== stored.consent) consent.update();
    if (before.token !== stored.token) {
      state.set({ hasSession: !!stored.token, conversations: [], current: null, messages: [] });
      if (stored.token) void resume();
    } else if (before.conversationId !== stored.conversationId && stored.conversationId) {
      const next = state.get().conversations.find((c) => c.id === stored.conversationId);
      if (next) void show(next).catch(fail);
      else void resume();
    }
    outbox.show();
    host.setUnread(stored.unread ?? 0);
  }

  /** Tells the server (and so the agent's "Seen") what the visitor has now seen. */
  function markRead() {
    if (!visible()) return;
    if (session.stored.unread) setUnread(0);
    const { current, messages } = state.get();
    const last = messages.filter((m) => m.author.type !== 'visitor').pop();
    if (!current || !last || (current.visitorLastReadId ?? 0) >= last.id) return;
    state.set({ current: { ...current, visitorLastReadId: last.id } });
    request('POST', `/conversations/${current.id}/read`, { messageId: last.id }).catch(() => {
      // A lost read receipt only leaves the agent's "Seen" stale.
    });
  }

  async function ensureSession(contact: ContactFields = {}): Promise<void> {
    const page = currentPage();
    if (!(await session.ensure({ locale: state.get().locale, page, consent: consent.version(), ...contact }))) return;
    signals.pageSent(page);
    state.set({ hasSession: true, notice: null, consent: consent.due() });
    follow();
  }

  /** Log out: forget this device's visitor, its conversation and its outbox. */
  function forget() {
    signals.stop();
    session.forget();
    host.setUnread(0);
    state.set({ ...signedOut(), consent: consent.due() });
  }

  return {
    ...createActions({ state, request, act, ensureSession, watchQueue: signals.watchQueue }),
    host,
    state,
    request,
    setLocale,
    markRead,
    reset: forget,
    retry: outbox.retry,
    ready,
    /** A keystroke in the composer: the agent sees the visitor typing. */
    typed: signals.typed,

    async start(): Promise<void> {
      await setLocale(host.locale);
      outbox.show();
      host.setUnread(session.stored.unread ?? 0);
      if (session.stored.token) await resume();
      void outbox.flush();
    },

    setOpen(open: boolean) {
      // A site that leads with self-service opens on Help, once per page, unless a chat is
      // under way or the visitor is answering a proactive message (the teaser).
      const { current, teaser } = state.get();
      if (open && !opened && host.config.help.opens === 'help' && !current && !teaser) state.set({ view: 'help' });
      opened ||= open;
      state.set({ open, teaser: open ? null : state.get().teaser });
      markRead();
    },

    /** The pre-chat form: creates the visitor with their contact details (and consent). */
    submitContact: ensureSession,

    /** The consent box: ticked, or a refusal that asks again. */
    consent,

    /** Erases the visitor and everything they said on the server, then starts afresh here. */
    async erase() {
      // 401: already gone (erased from another tab).
      await request('DELETE', '/visitor').catch((e: unknown) => {
        if (!unauthorized(e)) throw e;
      });
      forget();
      state.set({ notice: state.get().strings.erased });
    },

    send(body: string) {
      const text = body.trim();
      if (!text || state.get().consent?.ticked === false) return;
      signals.stoppedTyping();
      outbox.add(text);
    },

    newConversation: () => void show(null),

    /** "Chat with us" (Help view, help center page with its visit), `Parley('ask')`: a new conversation, the question in the composer; a visit only if well-formed (the server refuses others). */
    ask(text: string, helpSession?: string) {
      void show(null);
      state.set({ prefill: text, ...(/^hs_[\w-]{16,40}$/.test(helpSession ?? '') && { helpSession }) });
    },

    /** Views of chunks of their own: Help, "Send us a message" (the ticket form) and "Your requests". */
    help: () => state.set({ view: 'help' }),
    ticket: () => state.set({ view: 'ticket' }),
    tickets: () => state.set({ view: 'tickets' }),

    history(open: boolean) {
      state.set({ view: open ? 'history' : 'chat' });
      if (open && session.stored.token) void refreshList();
    },

    select: (conversation: Conversation) => void act(() => show(conversation)),

    showMessage(text: string) {
      if (!state.get().open) state.set({ teaser: text.slice(0, 500) });
    },

    identify(identity: Identity) {
      const done = session.identify(identity, resume);
      if (done) void act(() => done);
    },
  };
}
