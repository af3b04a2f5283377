import type { ConversationStatus, Priority, TicketCounts } from '@parley/protocol';

/** The Tickets view's filters; "" filters nothing. */
export interface TicketFilters {
  status: ConversationStatus | '';
  priority: Priority | '';
  category: string;
  assigneeId: string;
  siteId: string;
}

export const NO_FILTERS: TicketFilters = { status: '', priority: '', category: '', assigneeId: '', siteId: '' };

/** `base` with each filter that is set, in a fixed order (a request is recognisable in logs and tests). */
function withFilters(base: Record<string, string>, f: Partial<TicketFilters>): URLSearchParams {
  const params = new URLSearchParams(base);
  for (const key of ['status', 'priority', 'category', 'assigneeId', 'siteId'] as const) {
    const value = f[key]?.trim();
    if (value) params.set(key, value);
  }
  return params;
}

/** Every ticket the filters let through, whoever has it: the Tickets view is the team's, not one agent's. */
export const ticketListPath = (f: TicketFilters) => `/conversations?${withFilters({ view: 'all', kind: 'ticket', limit: '100' }, f)}`;

/** Counts are by status, so the status filter never narrows them: each count is what picking it would list. */
export function ticketCountsPath({ status: _status, ...f }: Partial<TicketFilters> = {}): string {
  const params = withFilters({}, f).toString();
  return params ? `/tickets/counts?${params}` : '/tickets/counts';
}

/**
 * Each count as the team calls it, and the status filter it stands for. Open is two of them
 * (unassigned and in progress), which one status filter cannot ask for: it clears the filter.
 */
export const COUNTS: ReadonlyArray<{ key: keyof TicketCounts; label: string; status: ConversationStatus | '' }> = [
  { key: 'open', label: 'Open', status: '' },
  { key: 'unassigned', label: 'Unassigned', status: 'queued' },
  { key: 'inProgress', label: 'In progress', status: 'open' },
  { key: 'waiting', label: 'Waiting on customer', status: 'pending' },
  { key: 'resolved', label: 'Resolved', status: 'resolved' },
  { key: 'closed', label: 'Closed', status: 'closed' },
];
