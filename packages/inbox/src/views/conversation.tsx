import { useEffect, useRef, useState } from 'preact/hooks';
import type { CannedResponse, ConversationDetail, ConversationPatchBody, InboxConversation, ReadBody, Team, TeamMember, VisitorStreamEvent } from '@parley/protocol';
import { ApiError, get, patch, post } from '../api';
import { isLogged, onStreamEvent, refreshOnStream } from '../stream';
import { Composer } from './conversation/composer';
import { ConversationHeader } from './conversation/header';
import { Transcript } from './conversation/transcript';
import { VisitorSidebar } from './conversation/visitor-sidebar';

export function ConversationPane({ id, canned }: { id: string; canned: CannedResponse[] }) {
  const [detail, setDetail] = useState<ConversationDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [team, setTeam] = useState<TeamMember[]>([]);
  const [visitorTyping, setVisitorTyping] = useState(false);
  const pastIds = useRef<string[]>([]);

  const load = () =>
    get<ConversationDetail>(`/conversations/${id}`).then(
      (d) => {
        setDetail(d);
        pastIds.current = d.pastConversations.map((p) => p.id);
        setError(null);
        const last = d.messages.at(-1);
        if (last && d.conversation.unread > 0) void post<void, ReadBody>(`/conversations/${id}/read`, { messageId: last.id });
      },
      (e: unknown) => setError(e instanceof ApiError ? e.message : 'Could not load the conversation'),
    );
  useEffect(() => void load(), [id]);
  // The pane shows this conversation and, in the sidebar, the visitor's other ones: events of
  // any other conversation change nothing here, so no refetch for them. Events do not name the
  // visitor: a conversation they start meanwhile shows with the next reload. An agent's read
  // receipt is this pane's own /read coming back (or a colleague's), and shows nothing here.
  const shown = (conversationId: string) => conversationId === id || pastIds.current.includes(conversationId);
  const changes = (e: VisitorStreamEvent) => isLogged(e) && shown(e.conversationId) && !(e.type === 'conversation.read' && e.reader === 'agent');
  useEffect(() => refreshOnStream(changes, () => void load()), [id]);
  useEffect(() => void get<Team>('/team').then((t) => setTeam(t.agents)), [id]);
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

  if (error) return <section class="pane"><p class="error" role="alert">{error}</p></section>;
  if (!detail) return <section class="pane">Loading…</section>;
  const c = detail.conversation;
  const change = async (body: ConversationPatchBody) => {
    try {
      const updated = await patch<InboxConversation, ConversationPatchBody>(`/conversations/${id}`, body);
      setDetail({ ...detail, conversation: updated });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'Could not save');
    }
  };

  return (
    <div class="conversation">
      <section class="pane" aria-label="Conversation">
        <ConversationHeader conversation={c} team={team} change={change} />
        <Transcript messages={detail.messages} visitorReadMessageId={detail.visitorReadMessageId} />
        {visitorTyping && <p class="typing">Visitor is typing…</p>}
        <Composer conversationId={id} canned={canned} onSent={() => void load()} />
      </section>
      <VisitorSidebar detail={detail} />
    </div>
  );
}
