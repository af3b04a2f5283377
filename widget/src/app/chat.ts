import type {
  Conversation,
  ConversationList,
  IdentifyResult,
  Message,
  MessagePage,
  VisitorSession,
  VisitorStreamEvent,
} from '@parley/protocol';
import type { Host, Identity, VisitorUpdate } from '../shared/contract';
import { pickLocale } from '../shared/locale';
import { readStored, storageKey, writeStored } from '../shared/storage';
import { createRequest, HttpError, isRetryable, newClientId, type Request } from './api';
import { loadStrings } from './i18n';
import { reduce } from './reduce';
import { createSignals, currentPage, type Signals } from './signals';
import { initialState, signedOut, type ChatState } from './state';
import { Store } from './store';
import { openStream, type Stream } from './stream';
import { upsert, type Pending } from './timeline';

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
}

export type ContactFields = Partial<Record<'name' | 'email' | 'phone', string>>;

const MAX_SEND_ATTEMPTS = 3;

/**
 * The visitor's side of the conversation: session, history, the outbox, the stream, and
 * the actions the UI and the JS API call. Everything the page must survive (reloads, other
 * tabs, going offline) goes through the stored record.
 */
export class Chat {
  readonly state: Store<ChatState>;
  readonly request: Request;
  #key: string;
  #stored: Partial<Stored>;
  #stream: Stream | undefined;
  #flushing = false;
  #attempts = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #signals: Signals;
  /** An identify in flight: sends wait for it, so they go out under the identified visitor. */
  #identifying: Promise<void> | undefined;

  constructor(readonly host: Host) {
    this.#key = storageKey(host.site);
    this.#stored = readStored<Stored>(this.#key);
    this.request = createRequest(host.api, () => this.#stored.token);
    this.state = new Store(initialState(!!this.#stored.token));
    this.#signals = createSignals(this.state, this.request, () => this.#stored.token);
    addEventListener('online', () => {
      this.state.set({ online: true });
      this.#attempts = 0;
      this.#stream?.kick();
      void this.flush();
    });
    addEventListener('offline', () => this.state.set({ online: false }));
    addEventListener('storage', (e) => e.key === this.#key && this.#fromOtherTab());
    document.addEventListener('visibilitychange', () => this.markRead());
  }

  #save(patch: Partial<Stored>) {
    this.#stored = { ...this.#stored, ...patch };
    writeStored(this.#key, this.#stored);
  }

  /** Reports a failure in the panel (and once on the console), never to the page. */
  #fail(e: unknown) {
    this.host.warn(e);
    this.state.set({ error: this.state.get().strings.error });
  }

  async start(): Promise<void> {
    await this.setLocale(this.host.locale);
    this.#showPending();
    this.host.setUnread(this.#stored.unread ?? 0);
    if (this.#stored.token) await this.#resume();
    void this.flush();
  }

  async setLocale(locale: string): Promise<void> {
    const picked = pickLocale(locale);
    const strings = await loadStrings(picked);
    this.state.set({ strings, locale: picked });
    this.host.label(strings.open, strings.close);
  }

  /** Loads the conversation list and the current conversation, then follows the stream. */
  async #resume() {
    try {
      const { conversations } = await this.request<ConversationList>('GET', '/conversations');
      // On a new device (an identified user) nothing is stored: show the latest ongoing one.
      const stored = this.#stored.conversationId;
      const current = conversations.find((c) => (stored ? c.id === stored : c.status !== 'resolved')) ?? null;
      this.state.set({ conversations, hasSession: true });
      await this.#show(current);
      this.#follow();
    } catch (e) {
      if (e instanceof HttpError && e.status === 401) this.#forget();
      else this.#fail(e);
    }
  }

  async #show(conversation: Conversation | null) {
    this.state.set({ current: conversation, messages: [], drafts: [], typing: false, rated: conversation?.rating != null, view: 'chat' });
    this.#save({ conversationId: conversation?.id });
    this.#showPending();
    this.#signals.watchQueue();
    if (!conversation) return;
    let messages: Message[] = [];
    for (let after = 0; ; ) {
      const page = await this.request<MessagePage>('GET', `/conversations/${conversation.id}/messages?after=${after}&limit=200`);
      messages = messages.concat(page.messages);
      if (!page.hasMore || !page.messages.length) break;
      after = page.messages[page.messages.length - 1]!.id;
    }
    // Stream events may have arrived while the pages loaded: keep both.
    for (const m of this.state.get().messages) messages = upsert(messages, m);
    this.state.set({ messages });
    this.markRead();
  }

  #showPending() {
    const id = this.state.get().current?.id ?? null;
    this.state.set({ pending: (this.#stored.outbox ?? []).filter((p) => p.conversationId === id) });
  }

  #follow() {
    const token = this.#stored.token;
    this.#signals.reportPage();
    if (this.#stream || !token) return;
    this.#stream = openStream({
      url: (last) => `${this.host.api}/v1/widget/stream?token=${encodeURIComponent(token)}&lastEventId=${last}`,
      lastEventId: this.#stored.lastEventId ?? 0,
      onEvent: (e) => this.#onEvent(e),
    });
  }

  #onEvent(e: VisitorStreamEvent) {
    if ('id' in e) this.#save({ lastEventId: Math.max(e.id, this.#stored.lastEventId ?? 0) });
    const before = this.state.get();
    const { state, effects } = reduce(before, e);
    if (state !== before) this.state.set(state);
    for (const effect of effects) {
      switch (effect.type) {
        case 'emit':
          this.host.emit('message', effect.message);
          break;
        case 'delivered':
          this.#drop(effect.clientId);
          break;
        case 'unread':
          if (!this.#visible()) this.#setUnread((this.#stored.unread ?? 0) + 1);
          break;
        case 'markRead':
          this.markRead();
          break;
        case 'refreshList':
          void this.#refreshList();
          break;
        case 'watchQueue':
          this.#signals.watchQueue();
          break;
        case 'typing':
          this.#signals.othersTyping(effect.isTyping);
      }
    }
  }

  /** A background refresh: a failure keeps the list it has (and never reaches the page). */
  async #refreshList() {
    try {
      const { conversations } = await this.request<ConversationList>('GET', '/conversations');
      this.state.set({ conversations });
    } catch {
      // The next event or open of the list tries again.
    }
  }

  #visible() {
    return this.state.get().open && document.visibilityState === 'visible';
  }

  #setUnread(n: number) {
    this.#save({ unread: n });
    this.host.setUnread(n);
  }

  /** Another tab wrote the record: follow a reset or a new identity, share the badge. */
  #fromOtherTab() {
    const before = this.#stored;
    this.#stored = readStored<Stored>(this.#key);
    if (before.token !== this.#stored.token) {
      this.#stream?.close();
      this.#stream = undefined;
      this.state.set({ hasSession: !!this.#stored.token, conversations: [], current: null, messages: [] });
      if (this.#stored.token) void this.#resume();
    } else if (before.conversationId !== this.#stored.conversationId && this.#stored.conversationId) {
      const next = this.state.get().conversations.find((c) => c.id === this.#stored.conversationId);
      if (next) void this.#show(next).catch((e: unknown) => this.#fail(e));
      else void this.#resume();
    }
    this.#showPending();
    this.host.setUnread(this.#stored.unread ?? 0);
  }

  setOpen(open: boolean) {
    this.state.set({ open, teaser: open ? null : this.state.get().teaser });
    this.markRead();
  }

  /** Tells the server (and so the agent's "Seen") what the visitor has now seen. */
  markRead() {
    if (!this.#visible()) return;
    if (this.#stored.unread) this.#setUnread(0);
    const { current, messages } = this.state.get();
    const last = messages.filter((m) => m.author.type !== 'visitor').pop();
    if (!current || !last || (current.visitorLastReadId ?? 0) >= last.id) return;
    this.state.set({ current: { ...current, visitorLastReadId: last.id } });
    this.request('POST', `/conversations/${current.id}/read`, { messageId: last.id }).catch(() => {
      // A lost read receipt only leaves the agent's "Seen" stale.
    });
  }

  async #ensureSession(contact: ContactFields = {}): Promise<void> {
    await this.#identifying;
    if (this.#stored.token) return;
    const page = currentPage();
    const session = await this.request<VisitorSession>('POST', '/visitors', {
      site: this.host.site,
      locale: this.state.get().locale,
      page,
      ...contact,
    });
    this.#save({ token: session.token, visitorId: session.visitorId, lastEventId: 0 });
    this.#signals.pageSent(page);
    this.state.set({ hasSession: true });
    this.#follow();
  }

  async #ensureConversation(): Promise<Conversation> {
    const current = this.state.get().current;
    if (current) return current;
    const clientId = this.#stored.newConversation ?? newClientId('c-');
    this.#save({ newConversation: clientId });
    const conversation = await this.request<Conversation>('POST', '/conversations', { clientId });
    const outbox = (this.#stored.outbox ?? []).map((p) => (p.conversationId ? p : { ...p, conversationId: conversation.id }));
    this.#save({ conversationId: conversation.id, newConversation: undefined, outbox });
    const s = this.state.get();
    this.state.set({ current: conversation, conversations: [conversation, ...s.conversations.filter((c) => c.id !== conversation.id)] });
    this.#showPending();
    return conversation;
  }

  /** The pre-chat form: creates the visitor with their contact details. */
  async submitContact(contact: ContactFields): Promise<void> {
    await this.#ensureSession(contact);
  }

  send(body: string) {
    const text = body.trim();
    if (!text) return;
    const item: Pending = {
      clientId: newClientId('m-'),
      body: text,
      conversationId: this.state.get().current?.id ?? null,
      createdAt: new Date().toISOString(),
    };
    this.#save({ outbox: [...(this.#stored.outbox ?? []), item] });
    this.#showPending();
    this.#signals.stoppedTyping();
    void this.flush();
  }

  retry(clientId: string) {
    this.#attempts = 0;
    this.#save({ outbox: (this.#stored.outbox ?? []).map((p) => (p.clientId === clientId ? { ...p, failed: false } : p)) });
    this.#showPending();
    void this.flush();
  }

  #drop(clientId: string) {
    if (!this.#stored.outbox?.some((p) => p.clientId === clientId)) return;
    this.#save({ outbox: this.#stored.outbox.filter((p) => p.clientId !== clientId) });
    this.#showPending();
  }

  /**
   * Sends the outbox in order, one at a time. Each message keeps its clientId across
   * retries, so a send whose response was lost is stored once. Offline, messages wait for
   * the `online` event; a server error retries with backoff, then shows "Not sent. Retry".
   */
  async flush(): Promise<void> {
    if (this.#flushing) return;
    this.#flushing = true;
    clearTimeout(this.#retryTimer);
    try {
      for (;;) {
        const item = this.#stored.outbox?.find((p) => !p.failed);
        if (!item) break;
        try {
          await this.#ensureSession();
          this.#signals.reportPage();
          const conversationId = item.conversationId ?? (await this.#ensureConversation()).id;
          const m = await this.request<Message>('POST', `/conversations/${conversationId}/messages`, {
            clientId: item.clientId,
            body: item.body,
          });
          this.#attempts = 0;
          if (m.conversationId === this.state.get().current?.id) this.state.set({ messages: upsert(this.state.get().messages, m) });
          this.#drop(item.clientId);
        } catch (e) {
          if (!isRetryable(e) || (navigator.onLine && ++this.#attempts >= MAX_SEND_ATTEMPTS)) {
            if (e instanceof HttpError && e.status === 401) this.#forget();
            this.#save({ outbox: (this.#stored.outbox ?? []).map((p) => (p.clientId === item.clientId ? { ...p, failed: true } : p)) });
            this.#showPending();
            continue;
          }
          if (navigator.onLine) this.#retryTimer = setTimeout(() => void this.flush(), 1000 * 2 ** this.#attempts);
          break;
        }
      }
    } finally {
      this.#flushing = false;
    }
  }

  /** Tells the agent the visitor is typing. */
  typed() {
    this.#signals.typed();
  }

  async #act(fn: () => Promise<unknown>) {
    try {
      this.state.set({ error: null });
      await fn();
    } catch (e) {
      this.#fail(e);
    }
  }

  handoff() {
    const current = this.state.get().current;
    if (!current) return;
    void this.#act(async () => {
      const conversation = await this.request<Conversation>('POST', `/conversations/${current.id}/handoff`);
      this.state.set({ current: { ...current, ...conversation } });
      this.#signals.watchQueue();
    });
  }

  feedback(messageId: number, helpful: boolean) {
    this.state.set({ judged: [...this.state.get().judged, messageId] });
    void this.#act(() => this.request('POST', `/messages/${messageId}/feedback`, { helpful }));
  }

  rate(rating: number, comment: string) {
    const current = this.state.get().current;
    if (!current) return;
    void this.#act(async () => {
      await this.request('POST', `/conversations/${current.id}/rating`, { rating, ...(comment.trim() ? { comment: comment.trim() } : {}) });
      this.state.set({ rated: true });
    });
  }

  /** The offline path: the reply will come by email. */
  saveEmail(email: string) {
    void this.#act(async () => {
      await this.#ensureSession();
      await this.request('PATCH', '/visitor', { email });
      this.state.set({ emailSaved: email });
    });
  }

  newConversation() {
    void this.#show(null);
  }

  history(show: boolean) {
    this.state.set({ view: show ? 'history' : 'chat' });
    if (show && this.#stored.token) void this.#refreshList();
  }

  select(conversation: Conversation) {
    void this.#act(() => this.#show(conversation));
  }

  showMessage(text: string) {
    if (!this.state.get().open) this.state.set({ teaser: text.slice(0, 500) });
  }

  identify(identity: Identity) {
    if (this.#stored.token && this.#stored.userId === identity.userId) return;
    this.#identifying = this.#act(async () => {
      const result = await this.request<IdentifyResult>('POST', '/identify', { site: this.host.site, ...identity });
      this.#stream?.close();
      this.#stream = undefined;
      this.#save({
        token: result.token,
        visitorId: result.visitorId,
        userId: identity.userId,
        lastEventId: result.eventCursor,
      });
      await this.#resume();
    });
  }

  update(data: VisitorUpdate) {
    void this.#act(async () => {
      await this.#ensureSession();
      await this.request('PATCH', '/visitor', data);
    });
  }

  /** Log out: forget this device's visitor, its conversation and its outbox. */
  reset() {
    this.#forget();
  }

  #forget() {
    this.#signals.stop();
    this.#stream?.close();
    this.#stream = undefined;
    this.#stored = {};
    try {
      localStorage.removeItem(this.#key);
    } catch {
      // Storage disabled: nothing was stored.
    }
    this.host.setUnread(0);
    this.state.set(signedOut());
  }
}
