import { useEffect, useRef, useState } from 'preact/hooks';
import type { CannedResponse, CannedResponseList, ConversationStatus, InboxConversationList, InboxView as View } from '@parley/protocol';
import { get } from '../api';
import { slaFlag, timeAgo, visitorLabel } from '../format';
import { askNotificationPermission, notifyQueued } from '../notify';
import { Link } from '../router';
import { SiteSelect } from '../site-select';
import { isLogged, onStreamEvent, refreshOnStream } from '../stream';
import { ConversationPane } from './conversation';

const VIEWS: Array<[View, string]> = [
  ['unassigned', 'Unassigned'],
  ['mine', 'Mine'],
  ['all', 'All'],
];
const STATUSES: ConversationStatus[] = ['bot', 'queued', 'open', 'snoozed', 'resolved'];

export function InboxView({ conversationId }: { conversationId: string | null }) {
  const [view, setView] = useState<View>('unassigned');
  const [status, setStatus] = useState<ConversationStatus | ''>('');
  const [siteId, setSiteId] = useState('');
  const [q, setQ] = useState('');
  const [list, setList] = useState<InboxConversationList | null>(null);
  const [version, setVersion] = useState(0);
  const queuedSeen = useRef(new Set<string>());
  // Fetched once for every conversation opened here (the pane remounts per conversation).
  const [canned, setCanned] = useState<CannedResponse[]>([]);
  useEffect(() => void get<CannedResponseList>('/canned').then((r) => setCanned(r.cannedResponses)), []);

  useEffect(() => {
    const params = new URLSearchParams({ view, limit: '100' });
    if (status) params.set('status', status);
    if (siteId) params.set('siteId', siteId);
    if (q.trim()) params.set('q', q.trim());
    let stale = false;
    const timer = setTimeout(() => get<InboxConversationList>(`/conversations?${params}`).then((l) => !stale && setList(l)), q ? 200 : 0);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [view, status, siteId, q, version]);

  // Any logged event may change the list (a new message, a handoff, an assignment).
  useEffect(() => refreshOnStream(isLogged, () => setVersion((v) => v + 1)), []);
  // Ring for conversations that just entered the queue.
  useEffect(
    () =>
      onStreamEvent((e) => {
        if (e.type !== 'conversation.updated' || e.conversation.status !== 'queued' || queuedSeen.current.has(e.conversationId)) return;
        queuedSeen.current.add(e.conversationId);
        // A replay of old events on reconnect is not news.
        if (Date.now() - Date.parse(e.conversation.updatedAt) < 60_000) notifyQueued('New conversation waiting', 'A visitor asked for a person.');
      }),
    [],
  );

  return (
    <div class="inbox">
      <aside class="views" aria-label="Views">
        {VIEWS.map(([v, label]) => (
          <button type="button" class={view === v ? 'view active' : 'view'} aria-pressed={view === v} onClick={() => setView(v)}>
            {label}
            {v !== 'all' && list && <span class="count">{v === 'unassigned' ? list.counts.unassigned : list.counts.mine}</span>}
          </button>
        ))}
        {list && list.counts.unread > 0 && <p class="unread-total">{list.counts.unread} unread</p>}
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value as ConversationStatus | '')}>
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option value={s}>{s}</option>
            ))}
          </select>
        </label>
        <SiteSelect all value={siteId} onChange={setSiteId} />
        <button type="button" class="link small" onClick={askNotificationPermission}>
          Enable notifications
        </button>
      </aside>
      <section class="list" aria-label="Conversations">
        <input type="search" placeholder="Search name, email or messages" aria-label="Search conversations" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        {list && list.conversations.length === 0 && <p class="empty">Nothing here.</p>}
        <ul>
          {list?.conversations.map((c) => (
            <li key={c.id}>
              <Link to={`/c/${c.id}`} class={`row${c.id === conversationId ? ' selected' : ''}${c.unread ? ' unread' : ''}`} aria-current={c.id === conversationId ? 'page' : undefined}>
                <span class="who">
                  {visitorLabel(c)}
                  {c.unread > 0 && <span class="badge" aria-label={`${c.unread} unread`}>{c.unread}</span>}
                </span>
                <span class="preview">{c.lastMessage?.body ?? ''}</span>
                <span class="meta">
                  <span class={`status ${c.status}`}>{c.status}</span>
                  {c.priority && <span class={`priority ${c.priority}`}>{c.priority}</span>}
                  <span class={`sla ${slaFlag(c)}`} title="SLA">
                    {slaFlag(c) === 'breached' ? 'SLA breached' : slaFlag(c) === 'due_soon' ? 'SLA due soon' : ''}
                  </span>
                  <time dateTime={c.updatedAt}>{timeAgo(c.updatedAt)}</time>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
      {/* Keyed: each conversation gets a fresh pane, so no state (typed text, a pending
          reply id, a slow load) carries over from the one before. */}
      {conversationId ? <ConversationPane key={conversationId} id={conversationId} canned={canned} /> : <section class="pane empty">Pick a conversation.</section>}
    </div>
  );
}
