import { useState } from 'preact/hooks';
import type { ConversationPatchBody, InboxConversation, Priority, Team } from '@parley/protocol';
import { messageOf, patch } from '../../api';
import { statusLabel, ticketOf, visitorLabel } from '../../format';
import { type Load, LoadFailed } from '../../load';
import { Link } from '../../router';
import { useSession } from '../../session';
import { ChannelMark } from '../channel-mark';
import { type Change, Lifecycle } from './lifecycle';

const PRIORITIES: Priority[] = ['low', 'medium', 'high', 'urgent'];

/**
 * Who the conversation is with (a ticket: its reference and subject too, and the closed ticket
 * it follows up), its state, and what an agent does to it: assign, prioritise, and its
 * lifecycle (Lifecycle).
 */
export function ConversationHeader({ conversation: c, team, onUpdated }: { conversation: InboxConversation; team: Load<Team>; onUpdated: (c: InboxConversation) => void }) {
  const { me } = useSession();
  const [error, setError] = useState<string | null>(null);
  const ticket = ticketOf(c);
  const change: Change = async (body) => {
    try {
      onUpdated(await patch<InboxConversation, ConversationPatchBody>(`/conversations/${c.id}`, body));
      setError(null);
      return true;
    } catch (e) {
      setError(messageOf(e, 'Could not save'));
      return false;
    }
  };
  return (
    <header class="pane-head">
      <h2>{ticket ? `${ticket.ref} · ${ticket.subject}` : visitorLabel(c)}</h2>
      {/* A ticket's title is its subject: who it is from follows. */}
      {ticket && <span class="from">{visitorLabel(c)}</span>}
      <ChannelMark conversation={c} />
      <span class={`status ${c.status}`} data-testid="conversation-status">
        {statusLabel(c)}
      </span>
      {/* Follow-ups are tickets, and so is what they follow up: it opens in the Tickets view. */}
      {c.followsUp && (
        <Link to={`/tickets/${c.followsUp.id}`} class="follows-up">
          Follows up {c.followsUp.reference === null ? 'a closed ticket' : `#${c.followsUp.reference}`}
        </Link>
      )}
      {c.emailFollowUp && <span class="chip">replies by email</span>}
      <div class="actions">
        {c.assignee?.id !== me.id && c.status !== 'resolved' && c.status !== 'closed' && (
          <button type="button" onClick={() => void change({ assigneeId: me.id })}>
            Assign to me
          </button>
        )}
        <label>
          <span class="sr-only">Assignee</span>
          <select aria-label="Assignee" value={c.assignee?.id ?? ''} onChange={(e) => void change({ assigneeId: e.currentTarget.value || null })}>
            <option value="">Unassigned</option>
            {team.data?.agents.map((a) => (
              <option value={a.id}>
                {a.name} ({a.presence}, {a.load}/{a.maxChats})
              </option>
            ))}
          </select>
        </label>
        {team.error && <LoadFailed error={`The team did not load: ${team.error}`} retry={team.reload} />}
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
      </div>
      <Lifecycle conversation={c} change={change} />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {c.firstResponseDueAt && c.sla.firstResponse !== 'met' && (
        <p class={`sla ${c.sla.firstResponse}`}>First reply due {new Date(c.firstResponseDueAt).toLocaleString()}</p>
      )}
    </header>
  );
}
