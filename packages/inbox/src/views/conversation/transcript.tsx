import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import type { ConversationDetail, InboxMessage, LocalFallback, MessageMeta } from '@parley/protocol';
import { Avatar } from '../../avatar';
import { clock, plural } from '../../format';
import { DeliveryNotes } from './delivery';
import type { TranscriptPages } from './pages';

/** Why a bot reply of a site set to Claude is the article itself (the widget never says). */
const answeredLocally: Record<LocalFallback, string> = {
  daily_limit: "Answered with the article: the site's Claude calls for today are spent",
  busy: 'Answered with the article: too many Claude answers were under way',
  error: 'Answered with the article: Claude did not answer',
};

const VIA: Record<NonNullable<MessageMeta['channel']>, string> = { email: 'via email', whatsapp: 'via WhatsApp' };

/** How close to the top (px) scrolling loads the earlier messages. */
const NEAR_TOP = 40;

/**
 * The messages, newest in view; an agent's reply is marked "Seen" once the visitor has read up
 * to it. Scrolling to the top (or the button there) loads earlier messages above, and what
 * the agent was reading stays where it was.
 */
export function Transcript({ pages, visitorReadMessageId }: { pages: TranscriptPages } & Pick<ConversationDetail, 'visitorReadMessageId'>) {
  const { messages } = pages;
  const logRef = useRef<HTMLOListElement>(null);
  /** The distance from the bottom to keep while earlier messages are put above. */
  const keep = useRef<number | null>(null);
  useEffect(() => logRef.current?.lastElementChild?.scrollIntoView({ block: 'end' }), [messages.at(-1)?.id]);
  useLayoutEffect(() => {
    const log = logRef.current;
    if (!log || keep.current === null) return;
    log.scrollTop = log.scrollHeight - keep.current;
    keep.current = null;
  }, [messages[0]?.id]);
  const loadOlder = () => {
    const log = logRef.current;
    if (log) keep.current = log.scrollHeight - log.scrollTop;
    void pages.loadOlder();
  };
  const onScroll = () => {
    if (pages.hasOlder && !pages.loading && !pages.error && (logRef.current?.scrollTop ?? NEAR_TOP) < NEAR_TOP) loadOlder();
  };
  return (
    <ol class="transcript" ref={logRef} aria-live="polite" aria-busy={pages.loading} onScroll={onScroll}>
      {pages.hasOlder && (
        <li class="older">
          {pages.error && (
            <span class="error" role="alert">
              {pages.error}
            </span>
          )}
          <button type="button" disabled={pages.loading} onClick={loadOlder}>
            {pages.loading ? 'Loading…' : 'Load earlier messages'}
          </button>
        </li>
      )}
      {messages.map((m) => (
        <MessageItem key={m.id} m={m} seen={m.author.type === 'agent' && !m.internal && visitorReadMessageId !== null && visitorReadMessageId >= m.id} />
      ))}
    </ol>
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
      {m.meta.attachment && <Attachment file={m.meta.attachment} />}
      {m.meta.sources && m.meta.sources.length > 0 && <p class="sources">Source: {m.meta.sources.map((s) => s.title).join(', ')}</p>}
      <time dateTime={m.createdAt}>{clock(m.createdAt)}</time>
      {m.meta.channel && <span class="via">{VIA[m.meta.channel]}</span>}
      {m.meta.template && <span class="via">Template: {m.meta.template.name}</span>}
      {dropped > 0 && <span class="via">{plural(dropped, 'attachment')} not shown</span>}
      {m.meta.localFallback && <span class="local">{answeredLocally[m.meta.localFallback]}</span>}
      {seen && <span class="seen">Seen</span>}
      <DeliveryNotes m={m} />
    </li>
  );
}

/**
 * A file a WhatsApp customer sent, as a download: the server serves it only as an attachment
 * (under the file's own name), never rendered on the inbox's origin. Only the inbox's own
 * paths are linked, so nothing else a message's meta might hold becomes a link (javascript:,
 * another site).
 */
function Attachment({ file }: { file: NonNullable<MessageMeta['attachment']> }) {
  if (!file.url.startsWith('/v1/inbox/')) return null;
  return (
    <a class="attachment" href={file.url} download>
      Download {file.name ?? file.mime}
    </a>
  );
}
