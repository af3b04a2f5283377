import { useEffect, useRef, useState } from 'preact/hooks';
import type {
  AgentMessageBody,
  CannedResponse,
  ConversationDetail,
  ConversationPatchBody,
  Draft,
  InboxConversation,
  InboxMessage,
  Priority,
  ReadBody,
  Team,
  TeamMember,
  TypingBody,
  VisitorStreamEvent,
} from '@parley/protocol';
import { ApiError, clientId, get, patch, post } from '../api';
import { Avatar } from '../avatar';
import { plural, visitorLabel } from '../format';
import { Link } from '../router';
import { useSession } from '../session';
import { isLogged, onStreamEvent, refreshOnStream } from '../stream';

const PRIORITIES: Priority[] = ['low', 'medium', 'high', 'urgent'];

function snoozeOptions(now = new Date()): Array<[string, string]> {
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  return [
    ['1 hour', new Date(now.getTime() + 3_600_000).toISOString()],
    ['Tomorrow 9:00', tomorrow.toISOString()],
    ['1 week', new Date(now.getTime() + 7 * 86_400_000).toISOString()],
  ];
}

export function ConversationPane({ id, canned }: { id: string; canned: CannedResponse[] }) {
  const { me } = useSession();
  const [detail, setDetail] = useState<ConversationDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [team, setTeam] = useState<TeamMember[]>([]);
  const [visitorTyping, setVisitorTyping] = useState(false);
  const logRef = useRef<HTMLOListElement>(null);
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
  useEffect(() => logRef.current?.lastElementChild?.scrollIntoView({ block: 'end' }), [detail?.messages.length]);

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
  const lastSeenAgentMessage = detail.visitorReadMessageId;

  return (
    <div class="conversation">
      <section class="pane" aria-label="Conversation">
        <header class="pane-head">
          <h2>{visitorLabel(c)}</h2>
          <span class={`status ${c.status}`} data-testid="conversation-status">
            {c.status}
          </span>
          {c.emailFollowUp && <span class="chip">replies by email</span>}
          <div class="actions">
            {c.assignee?.id !== me.id && c.status !== 'resolved' && (
              <button type="button" onClick={() => void change({ assigneeId: me.id })}>
                Assign to me
              </button>
            )}
            <label>
              <span class="sr-only">Assignee</span>
              <select aria-label="Assignee" value={c.assignee?.id ?? ''} onChange={(e) => void change({ assigneeId: e.currentTarget.value || null })}>
                <option value="">Unassigned</option>
                {team.map((a) => (
                  <option value={a.id}>
                    {a.name} ({a.presence}, {a.load}/{a.maxChats})
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span class="sr-only">Priority</span>
              <select aria-label="Priority" value={c.priority ?? ''} onChange={(e) => void change({ priority: (e.currentTarget.value || null) as Priority | null })}>
                <option value="">No priority</option>
                {PRIORITIES.map((p) => (
                  <option value={p}>{p}</option>
                ))}
              </select>
            </label>
            <input
              aria-label="Category"
              placeholder="Category"
              value={c.category ?? ''}
              onChange={(e) => void change({ category: e.currentTarget.value.trim() || null })}
            />
            {c.status === 'resolved' ? (
              <button type="button" onClick={() => void change({ status: 'open' })}>
                Reopen
              </button>
            ) : (
              <>
                <select aria-label="Snooze" value="" onChange={(e) => e.currentTarget.value && void change({ status: 'snoozed', snoozedUntil: e.currentTarget.value })}>
                  <option value="">Snooze…</option>
                  {snoozeOptions().map(([label, until]) => (
                    <option value={until}>{label}</option>
                  ))}
                </select>
                <button type="button" class="primary" onClick={() => void change({ status: 'resolved' })}>
                  Resolve
                </button>
              </>
            )}
          </div>
          {c.firstResponseDueAt && c.sla.firstResponse !== 'met' && (
            <p class={`sla ${c.sla.firstResponse}`}>First reply due {new Date(c.firstResponseDueAt).toLocaleString()}</p>
          )}
        </header>
        <ol class="transcript" ref={logRef} aria-live="polite">
          {detail.messages.map((m) => (
            <MessageItem m={m} seen={m.author.type === 'agent' && !m.internal && lastSeenAgentMessage !== null && lastSeenAgentMessage >= m.id} />
          ))}
        </ol>
        {visitorTyping && <p class="typing">Visitor is typing…</p>}
        <Composer conversationId={id} canned={canned} onSent={() => void load()} />
      </section>
      <VisitorSidebar detail={detail} />
    </div>
  );
}

function MessageItem({ m, seen }: { m: InboxMessage; seen: boolean }) {
  const handoffSummary = m.internal && m.meta.kind === 'handoff';
  const name = m.author.type === 'agent' ? (m.author.name ?? 'Agent') : m.author.type === 'bot' ? 'Bot' : m.author.type === 'visitor' ? 'Visitor' : '';
  const who = handoffSummary ? 'Handoff summary (only agents see this)' : m.internal ? `Private note by ${name}` : name;
  const dropped = m.meta.droppedAttachments ?? 0;
  return (
    <li class={`msg ${m.author.type}${m.internal ? ' note' : ''}${handoffSummary ? ' summary' : ''}`} data-author={m.author.type} data-internal={m.internal}>
      {who && (
        <span class="author">
          {m.author.type === 'agent' && <Avatar name={name} url={m.author.avatarUrl} />}
          {who}
        </span>
      )}
      <p class="body">{m.body}</p>
      {m.meta.sources && m.meta.sources.length > 0 && <p class="sources">Source: {m.meta.sources.map((s) => s.title).join(', ')}</p>}
      <time dateTime={m.createdAt}>{new Date(m.createdAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</time>
      {m.meta.channel === 'email' && <span class="via">via email</span>}
      {dropped > 0 && <span class="via">{plural(dropped, 'attachment')} not shown</span>}
      {seen && <span class="seen">Seen</span>}
    </li>
  );
}

function Composer({ conversationId, canned, onSent }: { conversationId: string; canned: CannedResponse[]; onSent: () => void }) {
  const [text, setText] = useState('');
  const [note, setNote] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [drafting, setDrafting] = useState(false);
  const typingSent = useRef(false);
  const typingTimer = useRef<ReturnType<typeof setTimeout>>();
  const pendingId = useRef(clientId('reply'));


  const typing = (isTyping: boolean) => {
    if (note || typingSent.current === isTyping) return;
    typingSent.current = isTyping;
    void post<void, TypingBody>(`/conversations/${conversationId}/typing`, { isTyping });
  };
  const onInput = (value: string) => {
    setText(value);
    typing(value.length > 0);
    clearTimeout(typingTimer.current);
    typingTimer.current = setTimeout(() => typing(false), 3000);
  };
  const shortcut = /^\/(\S*)$/.exec(text)?.[1];
  const matches = shortcut === undefined ? [] : canned.filter((r) => r.shortcut.startsWith(shortcut.toLowerCase()));

  const send = async (e?: Event) => {
    e?.preventDefault();
    if (!text.trim()) return;
    try {
      await post<InboxMessage, AgentMessageBody>(`/conversations/${conversationId}/messages`, { clientId: pendingId.current, body: text, internal: note });
      pendingId.current = clientId('reply');
      setText('');
      setError(null);
      typing(false);
      onSent();
    } catch (err) {
      // The same client id on the next try: a send that did arrive is not posted twice.
      setError(err instanceof ApiError ? err.message : 'Not sent: check your connection and try again');
    }
  };
  const draft = async () => {
    setDrafting(true);
    try {
      setText((await post<Draft>(`/conversations/${conversationId}/draft`)).body);
      setNote(false);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not draft a reply');
    } finally {
      setDrafting(false);
    }
  };

  return (
    <form class={`composer${note ? ' note' : ''}`} onSubmit={send}>
      {matches.length > 0 && (
        <ul class="canned" role="listbox" aria-label="Canned responses">
          {matches.map((r) => (
            <li>
              <button type="button" role="option" onClick={() => setText(r.body)}>
                <strong>/{r.shortcut}</strong> {r.title}
              </button>
            </li>
          ))}
        </ul>
      )}
      <textarea
        aria-label={note ? 'Note' : 'Reply'}
        placeholder={note ? 'Private note — only agents see this' : 'Reply… (type / for canned responses)'}
        value={text}
        onInput={(e) => onInput(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            if (matches.length === 1) setText(matches[0]!.body);
            else void send();
          }
        }}
      />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="composer-bar">
        <label class="inline">
          <input type="checkbox" checked={note} onChange={(e) => setNote(e.currentTarget.checked)} /> Private note
        </label>
        <button type="button" onClick={() => void draft()} disabled={drafting}>
          {drafting ? 'Drafting…' : 'Draft with AI'}
        </button>
        <button type="submit" class="primary">
          {note ? 'Add note' : 'Send'}
        </button>
      </div>
    </form>
  );
}

function VisitorSidebar({ detail }: { detail: ConversationDetail }) {
  const v = detail.visitor;
  const c = detail.conversation;
  const attrs = Object.entries(v.attributes);
  return (
    <aside class="sidebar" aria-label="Visitor">
      <h3>Contact</h3>
      <dl>
        <dt>Name</dt>
        <dd>{v.name ?? '—'}</dd>
        <dt>Email</dt>
        <dd>{v.email ?? '—'}</dd>
        {v.phone && (
          <>
            <dt>Phone</dt>
            <dd>{v.phone}</dd>
          </>
        )}
        {v.userId && (
          <>
            <dt>User id</dt>
            <dd>{v.userId}</dd>
          </>
        )}
        <dt>Language</dt>
        <dd>{v.locale ?? c.language ?? '—'}</dd>
        <dt>Site</dt>
        <dd>{c.site.name}</dd>
        <dt>First seen</dt>
        <dd>{new Date(v.createdAt).toLocaleString()}</dd>
        <dt>Page</dt>
        <dd data-testid="visitor-page">
          {/* The server accepts only http(s) URLs, so this link cannot run script. */}
          {v.pageUrl ? (
            <a href={v.pageUrl} target="_blank" rel="noopener noreferrer" title={v.pageSeenAt ? `Seen ${new Date(v.pageSeenAt).toLocaleString()}` : undefined}>
              {v.pageUrl.replace(/^https?:\/\//, '')}
            </a>
          ) : (
            '—'
          )}
        </dd>
        <dt>Browser</dt>
        <dd data-testid="visitor-browser">{v.browser ?? '—'}</dd>
      </dl>
      {(c.category || c.sentiment !== null) && (
        <>
          <h3>Triage</h3>
          <dl>
            {c.category && (
              <>
                <dt>Category</dt>
                <dd>{c.category}</dd>
              </>
            )}
            {c.sentiment !== null && (
              <>
                <dt>Sentiment</dt>
                <dd>{c.sentiment} / 5</dd>
              </>
            )}
          </dl>
        </>
      )}
      {attrs.length > 0 && (
        <>
          <h3>Attributes</h3>
          <dl>
            {attrs.map(([k, val]) => (
              <>
                <dt>{k}</dt>
                <dd>{String(val)}</dd>
              </>
            ))}
          </dl>
        </>
      )}
      {c.rating !== null && (
        <p>
          Rated {c.rating} / 5
        </p>
      )}
      <h3>Past conversations</h3>
      {detail.pastConversations.length === 0 ? (
        <p class="muted">None</p>
      ) : (
        <ul class="past">
          {detail.pastConversations.map((p) => (
            <li>
              <Link to={`/c/${p.id}`}>
                {new Date(p.createdAt).toLocaleDateString()} · {p.status}
              </Link>
              {p.lastMessage && <span class="muted"> — {p.lastMessage}</span>}
            </li>
          ))}
        </ul>
      )}
    </aside>
  );
}
