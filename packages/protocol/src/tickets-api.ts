import { z } from 'zod';
import { ClientId, MessageBody, humanText } from './text';
import { Conversation, ConversationStatus, Email } from './widget-api';
import { Priority } from './site-settings';

/*
 * Tickets (docs/api.md, Tickets): a conversation of kind `ticket` — one timeline, inbox,
 * events, SLA and routing with chats — with a subject, a category from the site's list and a
 * reference per site. The visitor sends one with the widget's "Send us a message" form.
 */

export const TicketSubject = humanText(200);

// ---- visitor: POST /v1/widget/tickets (token required), idempotent on clientId
export const CreateTicketBody = z.object({
  clientId: ClientId,
  subject: TicketSubject,
  /** The description: the ticket's first message. */
  body: MessageBody,
  /** One of the site's `tickets.categories`. */
  category: z.string().trim().min(1).max(80).optional(),
  /** Where updates go, when the visitor has no email on file yet. */
  email: Email.optional(),
});
export type CreateTicketBody = z.infer<typeof CreateTicketBody>;

export const TicketCreated = z.object({ id: z.string(), reference: z.number().int(), status: ConversationStatus });
export type TicketCreated = z.infer<typeof TicketCreated>;

// ---- visitor: GET /v1/widget/tickets: the visitor's tickets (an identified user's from every device), newest activity first
export const TicketList = z.object({ tickets: z.array(Conversation) });
export type TicketList = z.infer<typeof TicketList>;

// ---- inbox: GET /v1/inbox/tickets/counts: the Tickets view's counts and the header's badge
export const TicketCountsQuery = z.object({
  siteId: z.string().max(64).optional(),
  priority: Priority.optional(),
  category: z.string().trim().max(80).optional(),
  assigneeId: z.string().max(64).optional(),
});
export type TicketCountsQuery = z.infer<typeof TicketCountsQuery>;

/**
 * Tickets by where they stand, for the filters given (never by status): `open` is every ticket
 * the team owes an answer (`unassigned`, waiting for the team with nobody on it, plus
 * `inProgress`, assigned to someone, snoozed included); `waiting` is waiting on the customer.
 */
export const TicketCounts = z.object({
  open: z.number().int(),
  unassigned: z.number().int(),
  inProgress: z.number().int(),
  waiting: z.number().int(),
  resolved: z.number().int(),
  closed: z.number().int(),
});
export type TicketCounts = z.infer<typeof TicketCounts>;
