import type { ConversationStatus, InboxConversation, SlaState } from '@parley/protocol';

export function timeAgo(iso: string, now = Date.now()): string {
  const s = Math.round((now - Date.parse(iso)) / 1000);
  if (s < 60) return 'now';
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86_400)}d`;
}

export function duration(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${Math.round(seconds)}s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)}m`;
  return `${(seconds / 3600).toFixed(1)}h`;
}

/** "1 attachment", "2 attachments" (the inbox is in English). */
export const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export const visitorLabel = (c: Pick<InboxConversation, 'visitor'>) => c.visitor.name ?? c.visitor.email ?? `Visitor ${c.visitor.id.slice(-4)}`;

/**
 * A ticket's reference as people quote it (`#1042`) and its subject; null for a chat. The
 * server gives every ticket both, but the fields are nullable for chats' sake.
 */
export function ticketOf(c: Pick<InboxConversation, 'kind' | 'reference' | 'subject'>): { ref: string; subject: string } | null {
  return c.kind === 'ticket' && c.reference !== null ? { ref: `#${c.reference}`, subject: c.subject ?? '' } : null;
}

/** The SLA flag the list shows: the worst of the two deadlines still running. */
export function slaFlag(c: InboxConversation): SlaState {
  const order: SlaState[] = ['breached', 'due_soon', 'ok', 'met', 'none'];
  return order.find((s) => c.sla.firstResponse === s || c.sla.resolution === s) ?? 'none';
}

/** A ticket's statuses as the team and its customers speak of them; a ticket is never with the bot. */
export const TICKET_STATUS: Record<Exclude<ConversationStatus, 'bot'>, string> = {
  queued: 'Unassigned',
  open: 'In progress',
  snoozed: 'Snoozed',
  pending: 'Waiting on customer',
  resolved: 'Resolved',
  closed: 'Closed',
};

/**
 * A conversation's status as the inbox shows it. A chat's is its status as it is (the agents
 * know them by these words); a ticket's is TICKET_STATUS, except that a queued ticket the router
 * already gave to someone is no longer "Unassigned": it is submitted, and nobody started on it.
 */
export function statusLabel(c: Pick<InboxConversation, 'kind' | 'status' | 'assignee'>): string {
  if (c.kind !== 'ticket' || c.status === 'bot') return c.status;
  return c.status === 'queued' && c.assignee ? 'Submitted' : TICKET_STATUS[c.status];
}

/** A message's time of day, as the transcript shows it. */
export const clock = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
