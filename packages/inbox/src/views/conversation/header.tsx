import { useState } from 'preact/hooks';
import type { ConversationPatchBody, InboxConversation, Priority, Team } from '@parley/protocol';
import { messageOf, patch } from '../../api';
import { ticketOf, visitorLabel } from '../../format';
import { type Load, LoadFailed } from '../../load';
import { useSession } from '../../session';

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

/** Who the conversation is with (a ticket: its reference and subject too), its state, and what an agent does to it: assign, prioritise, snooze, resolve. */
export function ConversationHeader({ conversation: c, team, onUpdated }: { conversation: InboxConversation; team: Load<Team>; onUpdated: (c: InboxConversation) => void }) {
  const { me } = useSession();
  const [error, setError] = useState<string | null>(null);
  const ticket = ticketOf(c);
  const change = async (body: ConversationPatchBody) => {
    try {
      onUpdated(await patch<InboxConversation, ConversationPatchBody>(`/conversations/${c.id}`, body));
      setError(null);
    } catch (e) {
      setError(messageOf(e, 'Could not save'));
    }
  };
  return (
    <header class="pane-head">
      <h2>{ticket ? `${ticket.ref} · ${ticket.subject}` : visitorLabel(c)}</h2>
      {/* A ticket's title is its subject: who it is from follows. */}
      {ticket && <span class="from">{visitorLabel(c)}</span>}
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
