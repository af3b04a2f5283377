import type { ConversationStatus } from '@parley/protocol';
import type { Strings } from '../i18n';

// A ticket never goes to the bot; the team's snooze is still work in progress to the visitor.
const LABELS: Record<ConversationStatus, 'ticketWaiting' | 'ticketOpen' | 'ticketPending' | 'ticketResolved' | 'ticketClosed'> = {
  bot: 'ticketWaiting',
  queued: 'ticketWaiting',
  open: 'ticketOpen',
  snoozed: 'ticketOpen',
  pending: 'ticketPending',
  resolved: 'ticketResolved',
  closed: 'ticketClosed',
};

/**
 * A ticket's status as the visitor reads it, in "Your requests" and atop its thread. A module
 * of its own, in the app's chunk: the thread's caption is there, the list is not.
 */
export const ticketStatus = (t: Strings, status: ConversationStatus) => t[LABELS[status]];
