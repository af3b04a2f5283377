import type { Conversation } from '@parley/protocol';
import type { VisitorUpdate } from '../shared/contract';
import type { Request } from './api';
import type { ChatState } from './state';
import type { Store } from './store';

export interface ActionDeps {
  state: Store<ChatState>;
  request: Request;
  /** Runs an action, its failure shown in the panel. */
  act(fn: () => Promise<unknown>): Promise<void>;
  /** Creates the visitor unless there is one. */
  ensureSession(): Promise<void>;
  /** The conversation moved into or out of the queue. */
  watchQueue(): void;
}

/** What the visitor (or the page, for `update`) asks of a conversation or their profile, besides writing. */
export function createActions({ state, request, act, ensureSession, watchQueue }: ActionDeps) {
  return {
    handoff() {
      const current = state.get().current;
      if (!current) return;
      void act(async () => {
        const conversation = await request<Conversation>('POST', `/conversations/${current.id}/handoff`);
        state.set({ current: { ...current, ...conversation } });
        watchQueue();
      });
    },

    feedback(messageId: number, helpful: boolean) {
      state.set({ judged: [...state.get().judged, messageId] });
      void act(() => request('POST', `/messages/${messageId}/feedback`, { helpful }));
    },

    rate(rating: number, comment: string) {
      const current = state.get().current;
      if (!current) return;
      void act(async () => {
        await request('POST', `/conversations/${current.id}/rating`, { rating, ...(comment.trim() ? { comment: comment.trim() } : {}) });
        state.set({ rated: true });
      });
    },

    /** The offline path: the reply will come by email. */
    saveEmail(email: string) {
      void act(async () => {
        await ensureSession();
        await request('PATCH', '/visitor', { email });
        state.set({ emailSaved: email });
      });
    },

    update(data: VisitorUpdate) {
      void act(async () => {
        await ensureSession();
        await request('PATCH', '/visitor', data);
      });
    },
  };
}
