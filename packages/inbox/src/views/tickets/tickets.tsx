import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { ConversationStatus, InboxConversationList, Priority, Team, TicketCounts } from '@parley/protocol';
import { get } from '../../api';
import { TICKET_STATUS } from '../../format';
import { Loaded, LoadFailed, useLoad } from '../../load';
import { SiteSelect } from '../../site-select';
import { isLogged, refreshOnStream, streamLive } from '../../stream';
import { useErasures } from '../contact-privacy';
import { OpenConversation } from '../conversation';
import { ConversationList, Filter } from '../conversation-list';
import { COUNTS, NO_FILTERS, type TicketFilters, ticketCountsPath, ticketListPath } from './query';

const STATUSES = Object.entries(TICKET_STATUS) as Array<[ConversationStatus, string]>;
const PRIORITIES: Array<[Priority, string]> = (['urgent', 'high', 'medium', 'low'] as const).map((p) => [p, p]);

/**
 * The team's tickets, whoever has them: counts by where they stand across the top (each picks
 * its status), the filters, the list, and the ticket opened from it, in the inbox's own pane.
 */
export function TicketsView({ ticketId }: { ticketId: string | null }) {
  const [filters, setFilters] = useState<TicketFilters>(NO_FILTERS);
  const filter = (change: Partial<TicketFilters>) => setFilters((f) => ({ ...f, ...change }));
  const { erased, notice, leave } = useErasures(ticketId, '/tickets', (e, open) => e.conversationIds.includes(open), 'This ticket was erased');
  const listPath = ticketListPath(filters);
  const countsPath = ticketCountsPath(filters);
  // Both follow the stream: they read once it is live, so no change falls between a read and it.
  const list = useLoad(async () => {
    await streamLive();
    return get<InboxConversationList>(listPath);
  }, [listPath]);
  const counts = useLoad(async () => {
    await streamLive();
    return get<TicketCounts>(countsPath);
  }, [countsPath]);
  const team = useLoad(() => get<Team>('/team'), []);
  // Any logged event may move a ticket (a reply, an assignment, a status) or make one (a chat turned into a ticket).
  useEffect(
    () =>
      refreshOnStream(isLogged, () => {
        void list.reload();
        void counts.reload();
      }),
    [],
  );

  return (
    <div class="tickets">
      <div class="ticket-counts" role="group" aria-label="Tickets by status">
        <Loaded load={counts}>
          {(n) =>
            COUNTS.map(({ key, label, status }) => (
              <button type="button" class="ticket-count" aria-pressed={status === '' ? undefined : filters.status === status} onClick={() => filter({ status })}>
                <span class="n">{n[key]}</span> {label}
              </button>
            ))
          }
        </Loaded>
      </div>
      <div class="inbox">
        <aside class="views" aria-label="Filters">
          <Filter label="Status" any="Any" options={STATUSES} value={filters.status} onChange={(status) => filter({ status })} />
          <Filter label="Priority" any="Any" options={PRIORITIES} value={filters.priority} onChange={(priority) => filter({ priority })} />
          <CategoryFilter value={filters.category} onChange={(category) => filter({ category })} seen={list.data?.conversations.map((c) => c.category) ?? []} />
          <Filter
            label="Assignee"
            any="Anyone"
            options={team.data?.agents.map((a): [string, string] => [a.id, a.name]) ?? []}
            value={filters.assigneeId}
            onChange={(assigneeId) => filter({ assigneeId })}
          />
          {team.error && <LoadFailed error={`The team did not load: ${team.error}`} retry={team.reload} />}
          <SiteSelect all value={filters.siteId} onChange={(siteId) => filter({ siteId })} />
        </aside>
        <section class="list" aria-label="Tickets">
          <Loaded load={list}>
            {({ conversations }) => <ConversationList conversations={conversations} erased={erased} openId={ticketId} linkTo={(id) => `/tickets/${id}`} />}
          </Loaded>
        </section>
        <OpenConversation id={ticketId} onErased={leave} notice={notice} prompt="Pick a ticket." />
      </div>
    </div>
  );
}

/**
 * Categories are each site's own list, which agents cannot read (it is in the site's settings),
 * and tickets keep theirs after the list changes: so a category is typed, with those of the
 * tickets listed so far offered. It filters once typed (on Enter or leaving the field), not per key.
 */
function CategoryFilter({ value, onChange, seen }: { value: string; onChange: (category: string) => void; seen: Array<string | null> }) {
  const known = useRef(new Set<string>());
  for (const c of seen) if (c) known.current.add(c);
  const id = useId();
  return (
    <label>
      Category
      <input type="search" list={id} placeholder="Any" value={value} onChange={(e) => onChange(e.currentTarget.value.trim())} />
      <datalist id={id}>
        {[...known.current].sort().map((c) => (
          <option value={c} />
        ))}
      </datalist>
    </label>
  );
}
