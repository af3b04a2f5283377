import type { InboxConversation } from '@parley/protocol';
import { slaFlag, statusLabel, ticketOf, timeAgo, visitorLabel } from '../format';
import { Link } from '../router';
import { ChannelMark } from './channel-mark';

/** One of a list's filters: a labelled select whose first choice ("") filters nothing. */
export function Filter<T extends string>(props: { label: string; any: string; options: Array<[T, string]>; value: T | ''; onChange: (value: T | '') => void }) {
  return (
    <label>
      {props.label}
      <select value={props.value} onChange={(e) => props.onChange(e.currentTarget.value as T | '')}>
        <option value="">{props.any}</option>
        {props.options.map(([value, text]) => (
          <option value={value}>{text}</option>
        ))}
      </select>
    </label>
  );
}

/** A ticket's row leads with its reference and subject; a chat's has no title line. */
function TicketTitle({ conversation }: { conversation: InboxConversation }) {
  const ticket = ticketOf(conversation);
  if (!ticket) return null;
  return (
    <span class="subject">
      <span class="ref">
        <span class="sr-only">Ticket </span>
        {ticket.ref}
      </span>{' '}
      {ticket.subject}
    </span>
  );
}

function ConversationRow({ conversation: c, to, selected }: { conversation: InboxConversation; to: string; selected: boolean }) {
  const sla = slaFlag(c);
  return (
    <Link to={to} class={`row${selected ? ' selected' : ''}${c.unread ? ' unread' : ''}`} aria-current={selected ? 'page' : undefined}>
      <TicketTitle conversation={c} />
      <span class="who">
        {visitorLabel(c)}
        {c.unread > 0 && (
          <span class="badge" aria-label={`${c.unread} unread`}>
            {c.unread}
          </span>
        )}
      </span>
      <span class="preview">{c.lastMessage?.body ?? ''}</span>
      <span class="meta">
        <span class={`status ${c.status}`}>{statusLabel(c)}</span>
        {c.priority && <span class={`priority ${c.priority}`}>{c.priority}</span>}
        <ChannelMark conversation={c} />
        <span class={`sla ${sla}`} title="SLA">
          {sla === 'breached' ? 'SLA breached' : sla === 'due_soon' ? 'SLA due soon' : ''}
        </span>
        <time dateTime={c.updatedAt}>{timeAgo(c.updatedAt)}</time>
      </span>
    </Link>
  );
}

/**
 * The conversations a view lists (the inbox's, the Tickets view's), without those of visitors
 * erased meanwhile: the server may still list them until its next answer. Each row opens at
 * `linkTo(id)`, in the view it was listed by.
 */
export function ConversationList(props: { conversations: InboxConversation[]; erased: ReadonlySet<string>; openId: string | null; linkTo: (id: string) => string }) {
  const conversations = props.conversations.filter((c) => !props.erased.has(c.visitor.id));
  if (conversations.length === 0) return <p class="empty">Nothing here.</p>;
  return (
    <ul>
      {conversations.map((c) => (
        <li key={c.id}>
          <ConversationRow conversation={c} to={props.linkTo(c.id)} selected={c.id === props.openId} />
        </li>
      ))}
    </ul>
  );
}
