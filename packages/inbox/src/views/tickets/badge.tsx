import { useEffect } from 'preact/hooks';
import type { TicketCounts } from '@parley/protocol';
import { get } from '../../api';
import { LoadFailed, useLoad } from '../../load';
import { Link } from '../../router';
import { refreshOnStream, streamLive } from '../../stream';
import { ticketCountsPath } from './query';

/**
 * The app header's tickets at a glance, whatever view is open: how many the team owes an
 * answer, how many nobody has, how many wait on the customer. It links to the Tickets view.
 */
export function TicketsBadge() {
  const counts = useLoad(async () => {
    await streamLive();
    return get<TicketCounts>(ticketCountsPath());
  }, []);
  // Only a ticket's change moves its counts; chats, far more of them, are no reason to ask again.
  useEffect(() => refreshOnStream((e) => e.type === 'conversation.updated' && e.conversation.kind === 'ticket', () => void counts.reload()), []);
  if (counts.error) return <LoadFailed error={`Ticket counts did not load: ${counts.error}`} retry={counts.reload} />;
  if (!counts.data) return null;
  const { open, unassigned, waiting } = counts.data;
  return (
    <Link to="/tickets" class="tickets-badge" aria-label={`Tickets: ${open} open, ${unassigned} unassigned, ${waiting} waiting on customer`}>
      <span class="n">{open}</span> open · <span class={unassigned > 0 ? 'n alert' : 'n'}>{unassigned}</span> unassigned · <span class="n">{waiting}</span> waiting
    </Link>
  );
}
