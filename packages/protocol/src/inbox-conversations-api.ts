import { z } from 'zod';
import { ClientId, IdParams, MessageBody, humanText } from './text';
import { ConversationKind, ConversationStatus, Message } from './widget-api';
import { Priority } from './site-settings';
import { TicketSubject } from './tickets-api';
import { WhatsAppDelivery } from './whatsapp-api';

/*
 * The inbox's conversations under /v1/inbox/conversations: the lists, a conversation with its
 * visitor, replies and notes, lifecycle changes, drafts, and the canned responses the composer
 * offers. docs/api.md documents each endpoint with an example.
 */

// ---- conversations
export const InboxView = z.enum(['unassigned', 'mine', 'all']);
export type InboxView = z.infer<typeof InboxView>;

export const ConversationListQuery = z.object({
  view: InboxView.default('all'),
  status: ConversationStatus.optional(),
  /** Chats or tickets only. */
  kind: ConversationKind.optional(),
  siteId: z.string().max(64).optional(),
  priority: Priority.optional(),
  category: z.string().trim().max(80).optional(),
  /** Any agent's conversations (the `mine` view is the caller's). */
  assigneeId: z.string().max(64).optional(),
  /** Visitor name or email, or words in any message. */
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ConversationListQuery = z.infer<typeof ConversationListQuery>;

/** Where an SLA deadline stands: `met` once answered/resolved in time. */
export const SlaState = z.enum(['none', 'ok', 'due_soon', 'breached', 'met']);
export type SlaState = z.infer<typeof SlaState>;

export const AgentRef = z.object({ id: z.string(), name: z.string() });

/** A conversation as the inbox lists it. */
export const InboxConversation = z.object({
  id: z.string(),
  site: z.object({ id: z.string(), name: z.string() }),
  kind: ConversationKind,
  /** A ticket's subject and reference (`#1042`); null for a chat. */
  subject: z.string().nullable(),
  reference: z.number().int().nullable(),
  /** The closed ticket this one follows up: a visitor's reply to it opened this one. */
  followsUp: z.object({ id: z.string(), reference: z.number().int().nullable() }).nullable(),
  status: ConversationStatus,
  /** Where the visitor writes from: the widget, or the site's WhatsApp number (`whatsapp`: its display phone). */
  channel: z.enum(['widget', 'whatsapp']),
  whatsapp: z.object({ channelId: z.string(), phone: z.string().nullable() }).nullable(),
  assignee: AgentRef.nullable(),
  priority: Priority.nullable(),
  category: z.string().nullable(),
  sentiment: z.number().int().nullable(),
  language: z.string().nullable(),
  visitor: z.object({ id: z.string(), name: z.string().nullable(), email: z.string().nullable() }),
  lastMessage: Message.nullable(),
  /** Visitor messages this agent has not read yet. */
  unread: z.number().int(),
  rating: z.number().int().nullable(),
  emailFollowUp: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  queuedAt: z.iso.datetime().nullable(),
  firstResponseAt: z.iso.datetime().nullable(),
  resolvedAt: z.iso.datetime().nullable(),
  snoozedUntil: z.iso.datetime().nullable(),
  firstResponseDueAt: z.iso.datetime().nullable(),
  resolutionDueAt: z.iso.datetime().nullable(),
  sla: z.object({ firstResponse: SlaState, resolution: SlaState }),
});
export type InboxConversation = z.infer<typeof InboxConversation>;

export const InboxConversationList = z.object({
  conversations: z.array(InboxConversation),
  /** Badge counts for the views, whatever the filters. */
  counts: z.object({ unassigned: z.number().int(), mine: z.number().int(), unread: z.number().int() }),
});
export type InboxConversationList = z.infer<typeof InboxConversationList>;

/**
 * Where the email of an agent's reply to a visitor on the email path stands (the follow-up
 * outbox, server/src/email/follow-up.ts): `sending` until the mail server first answers,
 * `retrying` after a refusal or error (`error` says which, `nextAttemptAt` when it is tried
 * again), `sent` once the mail server took it, `failed` once it gave up.
 */
export const EmailDelivery = z.object({
  status: z.enum(['sending', 'sent', 'retrying', 'failed']),
  to: z.string(),
  attempts: z.number().int(),
  error: z.string().nullable(),
  nextAttemptAt: z.iso.datetime().nullable(),
});
export type EmailDelivery = z.infer<typeof EmailDelivery>;

/** A message as agents see it: private notes included and flagged, a mailed reply's delivery, a message to WhatsApp's (else null). */
export const InboxMessage = Message.extend({ internal: z.boolean(), emailDelivery: EmailDelivery.nullable(), whatsappDelivery: WhatsAppDelivery.nullable().default(null) });
export type InboxMessage = z.infer<typeof InboxMessage>;

/** The visitor as the inbox sidebar shows them. */
export const InboxVisitor = z.object({
  id: z.string(),
  /** The site's own user id, when the visitor was identified (verified by HMAC). */
  userId: z.string().nullable(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  locale: z.string().nullable(),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime().nullable(),
  /** The page the widget last reported the visitor on, and when. */
  pageUrl: z.string().nullable(),
  pageSeenAt: z.iso.datetime().nullable(),
  /** Read from the User-Agent header, e.g. "Chrome 124 on Windows". */
  browser: z.string().nullable(),
  /** What the site set with Parley('update', { attributes }) (plan, order id, …). */
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type InboxVisitor = z.infer<typeof InboxVisitor>;

/** Messages the conversation's detail carries: its newest; older ones page back from there. */
export const TRANSCRIPT_PAGE = 100;

export const ConversationDetail = z.object({
  conversation: InboxConversation,
  /** The newest TRANSCRIPT_PAGE messages, oldest first. */
  messages: z.array(InboxMessage),
  /** Earlier messages exist: GET …/messages?before=<the first one's id>. */
  hasOlder: z.boolean(),
  visitor: InboxVisitor,
  pastConversations: z.array(z.object({ id: z.string(), status: ConversationStatus, createdAt: z.iso.datetime(), lastMessage: z.string().nullable() })),
  /** Id of the last agent message the visitor has read, when the widget reports it. */
  visitorReadMessageId: z.number().int().nullable(),
});
export type ConversationDetail = z.infer<typeof ConversationDetail>;

export const InboxConversationParams = IdParams;

/** GET /v1/inbox/conversations/:id/messages: a page of the transcript, newest first from `before`. */
export const InboxMessagesQuery = z.object({
  /** Only messages before this message id; without it, the newest. */
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(TRANSCRIPT_PAGE),
});
export type InboxMessagesQuery = z.infer<typeof InboxMessagesQuery>;

/** Up to `limit` messages before `before`, oldest first, and whether there are earlier ones still. */
export const InboxMessagePage = z.object({ messages: z.array(InboxMessage), hasOlder: z.boolean() });
export type InboxMessagePage = z.infer<typeof InboxMessagePage>;

export const AgentMessageBody = z.object({
  clientId: ClientId,
  body: MessageBody,
  /** A private note: agents see it, the visitor never does. */
  internal: z.boolean().default(false),
});
export type AgentMessageBody = z.infer<typeof AgentMessageBody>;

export const ConversationPatchBody = z
  .object({
    /** `pending` and `closed` for tickets only. */
    status: z.enum(['open', 'snoozed', 'pending', 'resolved', 'closed']).optional(),
    /** Required with status `snoozed`: it reopens by itself then (or when the visitor writes). */
    snoozedUntil: z.iso.datetime().optional(),
    /** Required with status `pending`: what the customer is asked, sent to them as the agent's reply (and mailed). */
    question: MessageBody.optional(),
    /** A chat becomes a ticket (with `subject`: it gets the site's next reference, and the visitor is told it), or a ticket a chat again. */
    kind: ConversationKind.optional(),
    subject: TicketSubject.optional(),
    assigneeId: z.string().max(64).nullable().optional(),
    priority: Priority.nullable().optional(),
    category: z.string().trim().max(60).nullable().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, 'must change something')
  .refine((p) => (p.status === 'snoozed') === (p.snoozedUntil !== undefined), 'snoozedUntil goes with status "snoozed", and only with it')
  .refine((p) => (p.status === 'pending') === (p.question !== undefined), 'question goes with status "pending", and only with it')
  .refine((p) => (p.kind === 'ticket') === (p.subject !== undefined), 'subject goes with kind "ticket", and only with it');
export type ConversationPatchBody = z.infer<typeof ConversationPatchBody>;

/** The reply the configured provider suggests; the agent edits it before sending. */
export const Draft = z.object({ body: z.string(), sources: z.array(z.object({ id: z.string(), title: z.string() })) });
export type Draft = z.infer<typeof Draft>;

// ---- canned responses
export const Shortcut = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, 'must be a short word like "refund" (letters, digits, - and _)');
export const CannedResponseBody = z.object({ shortcut: Shortcut, title: humanText(80), body: MessageBody });
export type CannedResponseBody = z.infer<typeof CannedResponseBody>;
export const CannedResponse = CannedResponseBody.extend({ id: z.string() });
export type CannedResponse = z.infer<typeof CannedResponse>;
export const CannedResponseList = z.object({ cannedResponses: z.array(CannedResponse) });
export type CannedResponseList = z.infer<typeof CannedResponseList>;
