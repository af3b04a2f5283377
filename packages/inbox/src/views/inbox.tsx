import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConversationKind, ConversationStatus, InboxConversationList, InboxView as View } from '@parley/protocol';
import { get } from '../api';
import { Loaded, useLoad } from '../load';
import { askNotificationPermission, notifyQueued } from '../notify';
import { SiteSelect } from '../site-select';
import { isLogged, onStreamEvent, refreshOnStream, streamLive } from '../stream';
import { useErasures } from './contact-privacy';
import { OpenConversation } from './conversation';
import { ConversationList, Filter } from './conversation-list';

const VIEWS: Array<[View, string]> = [
  ['unassigned', 'Unassigned'],
  ['mine', 'Mine'],
  ['all', 'All'],
];
// Chats and tickets together, by the statuses' own names; `pending` is a ticket's, and says what it means.
const STATUSES: Array<[ConversationStatus, string]> = (['bot', 'queued', 'open', 'snoozed', 'pending', 'resolved', 'closed'] as const).map((s) => [
  s,
  s === 'pending' ? 'pending (waiting on customer)' : s,
]);
const KINDS: Array<[ConversationKind, string]> = [
  ['chat', 'Chats'],
  ['ticket', 'Tickets'],
];

export function InboxView({ conversationId }: { conversationId: string | null }) {
  // Until the agent picks a view: their own conversations when they have any (auto-assignment
  // puts a handed-off chat there, while the queue it left shows empty), else the queue.
  const [picked, pick] = useState<View | null>(null);
  const [status, setStatus] = useState<ConversationStatus | ''>('');
  const [kind, setKind] = useState<ConversationKind | ''>('');
  const [siteId, setSiteId] = useState('');
  const [q, setQ] = useState('');
  const queuedSeen = useRef(new Set<string>());
  const { erased, notice, leave } = useErasures(conversationId, '/', (e, open) => e.conversationIds.includes(open), 'This conversation was erased');

  const list = useLoad(
    async (signal) => {
      // While the agent types a search, one request once they pause, not one per key.
      if (q) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        signal.throwIfAborted();
      }
      await streamLive();
      const ask = async (view: View) => {
        const params = new URLSearchParams({ view, limit: '100' });
        if (status) params.set('status', status);
        if (kind) params.set('kind', kind);
        if (siteId) params.set('siteId', siteId);
        if (q.trim()) params.set('q', q.trim());
        return { view, ...(await get<InboxConversationList>(`/conversations?${params}`)) };
      };
      if (picked) return ask(picked);
      // Counts come with any view: ask for the one shown last, and again only if it changed.
      const first = await ask(list.data?.view ?? 'mine');
      const wanted = first.counts.mine > 0 ? 'mine' : 'unassigned';
      return first.view === wanted ? first : ask(wanted);
    },
    [picked, status, kind, siteId, q],
  );
  const view = picked ?? list.data?.view;
  const counts = list.data?.counts;

  // Any logged event may change the list (a new message, a handoff, an assignment).
  useEffect(() => refreshOnStream(isLogged, () => void list.reload()), []);
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
          <button type="button" class={view === v ? 'view active' : 'view'} aria-pressed={view === v} onClick={() => pick(v)}>
            {label}
            {v !== 'all' && counts && <span class="count">{v === 'unassigned' ? counts.unassigned : counts.mine}</span>}
          </button>
        ))}
        {counts && counts.unread > 0 && <p class="unread-total">{counts.unread} unread</p>}
        <Filter label="Status" any="Any" options={STATUSES} value={status} onChange={setStatus} />
        <Filter label="Kind" any="All" options={KINDS} value={kind} onChange={setKind} />
        <SiteSelect all value={siteId} onChange={setSiteId} />
        <button type="button" class="link small" onClick={askNotificationPermission}>
          Enable notifications
        </button>
      </aside>
      <section class="list" aria-label="Conversations">
        <input type="search" placeholder="Search name, email, messages or ticket #" aria-label="Search conversations" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        <Loaded load={list}>{({ conversations }) => <ConversationList conversations={conversations} erased={erased} openId={conversationId} linkTo={(id) => `/c/${id}`} />}</Loaded>
      </section>
      <OpenConversation id={conversationId} onErased={leave} notice={notice} prompt="Pick a conversation." />
    </div>
  );
}
