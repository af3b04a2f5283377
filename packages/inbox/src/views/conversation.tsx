import { useEffect, useRef, useState } from 'preact/hooks';
import type { CannedResponseList, ConversationDetail, DurableEvent, InboxStreamEvent, ReadBody, Team } from '@parley/protocol';
import { get, post } from '../api';
import { type Load, Loaded, useLoad } from '../load';
import { isLogged, onStreamEvent, refreshOnStream, streamLive } from '../stream';
import type { OnErased } from './contact-privacy';
import { Composer } from './conversation/composer';
import { ConversationHeader } from './conversation/header';
import { useTranscript } from './conversation/pages';
import { Transcript } from './conversation/transcript';
import { VisitorSidebar } from './conversation/visitor-sidebar';

/**
 * One conversation: kept current from the stream, marked read as it is shown. `onErased` is
 * for its visitor erased from the sidebar; the inbox then leaves it.
 */
export function ConversationPane({ id, canned, onErased }: { id: string; canned: Load<CannedResponseList>; onErased: OnErased }) {
  const detail = useLoad(
    async (signal) => {
      await streamLive();
      const d = await get<ConversationDetail>(`/conversations/${id}`);
      const last = d.messages.at(-1);
      if (!signal.aborted && last && d.conversation.unread > 0) void post<void, ReadBody>(`/conversations/${id}/read`, { messageId: last.id });
      return d;
    },
    [id],
  );
  const transcript = useTranscript(id, detail.data);
  const team = useLoad(() => get<Team>('/team'), []);
  const [visitorTyping, setVisitorTyping] = useState(false);

  // The pane shows this conversation, the visitor and, in the sidebar, their other
  // conversations: events of any other conversation or visitor change nothing here, so no
  // refetch for them. Conversation events do not name the visitor: a conversation they start
  // meanwhile shows with the next reload. An agent's read receipt is this pane's own /read
  // coming back (or a colleague's), and shows nothing here. An erased visitor's conversation is
  // gone: the inbox leaves it, and a refetch could only fail.
  const pastIds = useRef<string[]>([]);
  pastIds.current = detail.data?.pastConversations.map((p) => p.id) ?? [];
  const visitorId = useRef<string | undefined>(undefined);
  visitorId.current = detail.data?.visitor.id;
  const shown = (e: DurableEvent) =>
    'conversationId' in e ? e.conversationId === id || pastIds.current.includes(e.conversationId) : e.visitorId === visitorId.current;
  const changes = (e: InboxStreamEvent) => isLogged(e) && shown(e) && !(e.type === 'conversation.read' && e.reader === 'agent') && e.type !== 'contact.erased';
  useEffect(() => refreshOnStream(changes, () => void detail.reload()), [id]);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = onStreamEvent((e) => {
      if (e.type !== 'typing' || e.conversationId !== id || e.author !== 'visitor') return;
      setVisitorTyping(e.isTyping);
      clearTimeout(timer);
      // A lost "stopped typing" must not leave the indicator on forever.
      if (e.isTyping) timer = setTimeout(() => setVisitorTyping(false), 8000);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [id]);

  return (
    <div class="conversation">
      <section class="pane" aria-label="Conversation">
        <Loaded load={detail}>
          {(d) => (
            <>
              <ConversationHeader conversation={d.conversation} team={team} onUpdated={(conversation) => detail.set((current) => ({ ...current, conversation }))} />
              <Transcript pages={transcript} visitorReadMessageId={d.visitorReadMessageId} />
              {visitorTyping && <p class="typing">Visitor is typing…</p>}
              <Composer conversationId={id} whatsapp={d.conversation.channel === 'whatsapp'} canned={canned} onSent={() => void detail.reload()} />
            </>
          )}
        </Loaded>
      </section>
      {detail.data && <VisitorSidebar detail={detail.data} onErased={onErased} />}
    </div>
  );
}

/**
 * Beside a view's list (the inbox's, the Tickets view's): the conversation it opened, or
 * `prompt` and the notice of why the last one went (erased).
 */
export function OpenConversation({ id, onErased, notice, prompt }: { id: string | null; onErased: OnErased; notice: string | null; prompt: string }) {
  // Fetched once for every conversation opened here (the pane remounts per conversation).
  const canned = useLoad(() => get<CannedResponseList>('/canned'), []);
  // Keyed: each conversation gets a fresh pane, so no state (typed text, a pending reply id,
  // a slow load) carries over from the one before.
  if (id) return <ConversationPane key={id} id={id} canned={canned} onErased={onErased} />;
  return (
    <section class="pane empty">
      {notice && <p role="status">{notice}</p>}
      {prompt}
    </section>
  );
}
