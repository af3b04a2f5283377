import { useEffect, useState } from 'preact/hooks';
import type { ConversationDetail, InboxMessage, InboxMessagePage } from '@parley/protocol';
import { get, messageOf } from '../../api';

/** A conversation's transcript as the pane shows it, and how to reach back past its first message. */
export interface TranscriptPages {
  messages: InboxMessage[];
  /** Earlier messages exist that are not shown yet. */
  hasOlder: boolean;
  loading: boolean;
  /** Why the last "earlier messages" request failed. */
  error: string | null;
  loadOlder(): Promise<void>;
}

/** Every message of both lists once, oldest first; `b`'s copy wins (it is the newer read). */
function merged(a: readonly InboxMessage[], b: readonly InboxMessage[]): InboxMessage[] {
  const byId = new Map(a.map((m) => [m.id, m]));
  for (const m of b) byId.set(m.id, m);
  return [...byId.values()].sort((x, y) => x.id - y.id);
}

interface Earlier {
  /** The conversation they belong to: a late answer for another one is never shown. */
  id: string;
  messages: InboxMessage[];
  hasOlder: boolean;
  loading: boolean;
  error: string | null;
}

/**
 * The newest page comes with the conversation's detail (refetched on its events); earlier
 * pages come on the agent's request and are kept with everything shown since. Each refresh is
 * folded in too: once a conversation has moved on by more than a page, the newest page alone
 * no longer reaches the earlier ones, and nothing between them may go missing.
 */
export function useTranscript(id: string, newest: Pick<ConversationDetail, 'messages' | 'hasOlder'> | undefined): TranscriptPages {
  const [state, setState] = useState<Earlier | null>(null);
  const earlier = state?.id === id ? state : null;
  const latest = newest?.messages ?? [];

  useEffect(() => {
    if (newest) setState((s) => s && s.id === id && s.messages.length > 0 ? { ...s, messages: merged(s.messages, newest.messages) } : s);
  }, [newest]);

  const messages = earlier ? merged(earlier.messages, latest) : latest;
  const loading = earlier?.loading ?? false;
  return {
    messages,
    hasOlder: earlier && earlier.messages.length > 0 ? earlier.hasOlder : (newest?.hasOlder ?? false),
    loading,
    error: earlier?.error ?? null,
    async loadOlder() {
      const first = messages[0];
      if (!first || loading) return;
      const update = (change: (s: Earlier) => Earlier) =>
        setState((s) => change(s?.id === id ? s : { id, messages: [], hasOlder: true, loading: false, error: null }));
      update((s) => ({ ...s, loading: true, error: null }));
      try {
        const page = await get<InboxMessagePage>(`/conversations/${id}/messages?before=${first.id}`);
        update((s) => ({ ...s, messages: merged(page.messages, merged(s.messages, messages)), hasOlder: page.hasOlder, loading: false }));
      } catch (e) {
        update((s) => ({ ...s, loading: false, error: messageOf(e, 'Could not load earlier messages') }));
      }
    },
  };
}
