import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import type { ConversationDetail, EmailDelivery, InboxMessage, LocalFallback } from '@parley/protocol';
import { Avatar } from '../../avatar';
import { plural } from '../../format';
import type { TranscriptPages } from './pages';

/** Why a bot reply of a site set to Claude is the article itself (the widget never says). */
const answeredLocally: Record<LocalFallback, string> = {
  daily_limit: "Answered with the article: the site's Claude calls for today are spent",
  busy: 'Answered with the article: too many Claude answers were under way',
  error: 'Answered with the article: Claude did not answer',
};

const clock = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

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
      {m.meta.sources && m.meta.sources.length > 0 && <p class="sources">Source: {m.meta.sources.map((s) => s.title).join(', ')}</p>}
      <time dateTime={m.createdAt}>{clock(m.createdAt)}</time>
      {m.meta.channel === 'email' && <span class="via">via email</span>}
      {dropped > 0 && <span class="via">{plural(dropped, 'attachment')} not shown</span>}
      {m.meta.localFallback && <span class="local">{answeredLocally[m.meta.localFallback]}</span>}
      {seen && <span class="seen">Seen</span>}
      {m.emailDelivery && <DeliveryNote delivery={m.emailDelivery} />}
    </li>
  );
}


/** Where the email of a reply to a visitor on the email path stands: the agent knows whether it reached them. */
function DeliveryNote({ delivery: d }: { delivery: EmailDelivery }) {
  const text =
    d.status === 'sent'
      ? `Emailed to ${d.to}`
      : d.status === 'sending'
        ? `Emailing ${d.to}…`
        : d.status === 'retrying'
          ? `Email to ${d.to} not sent yet (${d.error ?? 'no answer'}), trying again${d.nextAttemptAt ? ` at ${clock(d.nextAttemptAt)}` : ' now'}`
          : `Email to ${d.to} failed after ${plural(d.attempts, 'attempt')}: ${d.error ?? 'no answer'}`;
  return (
    <span class={`delivery ${d.status}`} data-testid="email-delivery" data-status={d.status}>
      {text}
    </span>
  );
}
