import { z } from 'zod';
import { EmailDelivery } from './inbox-conversations-api';
import { WhatsAppDelivery } from './whatsapp-api';
import { Priority } from './site-settings';
import { Conversation, ConversationKind, ConversationStatus, Message } from './widget-api';

/*
 * Realtime events sent over SSE. Durable events come from the `events` log: their `id` is
 * the log row id, sent as the SSE `id:` field, so a client resumes with Last-Event-ID.
 * Ephemeral events (typing) have no id and are never replayed. Control events (below) are
 * about the stream itself.
 */

export const MessageCreatedEvent = z.object({
  id: z.number().int(),
  type: z.literal('message.created'),
  conversationId: z.string(),
  message: Message,
});

/** Who made a change: docs/spec.md §5 wants every lifecycle transition logged with who and when. */
export const ChangedBy = z.object({
  type: z.enum(['visitor', 'bot', 'agent', 'system']),
  agentId: z.string().nullable(),
});
export type ChangedBy = z.infer<typeof ChangedBy>;

const change = <T extends z.ZodType>(value: T) => z.object({ from: value, to: value });

/** The fields a change set, each with its value before and after; what webhooks announce (status changed, assigned, rated). */
export const ConversationChanges = z
  .object({
    status: change(ConversationStatus),
    /** A chat made a ticket, or a ticket a chat again. */
    kind: change(ConversationKind),
    assigneeId: change(z.string().nullable()),
    priority: change(Priority.nullable()),
    rating: change(z.number().int().nullable()),
    ratingComment: change(z.string().nullable()),
  })
  .partial();
export type ConversationChanges = z.infer<typeof ConversationChanges>;

export const ConversationUpdatedEvent = z.object({
  id: z.number().int(),
  type: z.literal('conversation.updated'),
  conversationId: z.string(),
  conversation: Conversation.omit({ lastMessage: true }),
  by: ChangedBy,
  /** Null when this event created the conversation. */
  changes: ConversationChanges.nullable(),
});

/** Read receipts: `reader` has now seen every message up to `lastReadId`. */
export const ConversationReadEvent = z.object({
  id: z.number().int(),
  type: z.literal('conversation.read'),
  conversationId: z.string(),
  reader: z.enum(['visitor', 'agent']),
  lastReadId: z.number().int(),
});

/** The email of an agent's reply moved on (sent, retrying, failed). Logged for the agents' stream only. */
export const MessageDeliveryEvent = z.object({
  id: z.number().int(),
  type: z.literal('message.delivery'),
  conversationId: z.string(),
  messageId: z.number().int(),
  delivery: EmailDelivery,
});

/** A message to a WhatsApp visitor moved on (sent, delivered, read, retrying, failed). Logged for the agents' stream only. */
export const MessageWhatsAppEvent = z.object({
  id: z.number().int(),
  type: z.literal('message.whatsapp'),
  conversationId: z.string(),
  messageId: z.number().int(),
  delivery: WhatsAppDelivery,
});

/** What is known of a visitor changed (the fields named): for the agents' stream and webhooks only, never the visitor's. */
export const ContactUpdatedEvent = z.object({
  id: z.number().int(),
  type: z.literal('contact.updated'),
  visitorId: z.string(),
  fields: z.array(z.enum(['name', 'email', 'phone', 'userId', 'attributes'])),
});
export type ContactField = z.infer<typeof ContactUpdatedEvent>['fields'][number];

/** A visitor and their conversations were erased (privacy): drop them. Ids only; for the agents' stream and webhooks. */
export const ContactErasedEvent = z.object({
  id: z.number().int(),
  type: z.literal('contact.erased'),
  visitorId: z.string(),
  conversationIds: z.array(z.string()),
});

export const DurableEvent = z.discriminatedUnion('type', [
  MessageCreatedEvent,
  ConversationUpdatedEvent,
  ConversationReadEvent,
  MessageDeliveryEvent,
  MessageWhatsAppEvent,
  ContactUpdatedEvent,
  ContactErasedEvent,
]);
export type DurableEvent = z.infer<typeof DurableEvent>;
export type DurableEventType = DurableEvent['type'];

export const TypingEvent = z.object({
  type: z.literal('typing'),
  conversationId: z.string(),
  author: z.enum(['visitor', 'bot', 'agent']),
  isTyping: z.boolean(),
});

/**
 * A piece of a bot answer while it is being written (streamed providers). Append `text` to
 * the draft for `replyTo` (the visitor message being answered); the final answer arrives as
 * a durable `message.created` whose `meta.replyTo` is the same id and replaces the draft.
 */
export const BotDeltaEvent = z.object({
  type: z.literal('bot.delta'),
  conversationId: z.string(),
  replyTo: z.number().int(),
  text: z.string(),
});
export type BotDeltaEvent = z.infer<typeof BotDeltaEvent>;

export const EphemeralEvent = z.discriminatedUnion('type', [TypingEvent, BotDeltaEvent]);
export type EphemeralEvent = z.infer<typeof EphemeralEvent>;

/**
 * The stream does not replay what came before `id`: the client was further behind than a
 * replay goes, or behind what the events log still keeps, or (the inbox) opened the stream
 * without a position. Load again what you show; later events follow live. `id` is the
 * stream's new position, sent as the SSE id too, so a reconnect resumes from it.
 */
export const ResetEvent = z.object({
  id: z.number().int(),
  type: z.literal('reset'),
});
export type ResetEvent = z.infer<typeof ResetEvent>;

/**
 * The server closed this stream because the same visitor or agent opened a newer one past
 * their cap (another tab). Reconnecting at once would only close the next oldest: reopen
 * when this page is in use again.
 */
export const StreamReplacedEvent = z.object({ type: z.literal('stream.replaced') });

/** What a stream says about itself, not about conversations: never logged, never on the bus. */
export const StreamControlEvent = z.discriminatedUnion('type', [ResetEvent, StreamReplacedEvent]);
export type StreamControlEvent = z.infer<typeof StreamControlEvent>;

export const VisitorStreamEvent = z.union([DurableEvent, EphemeralEvent, StreamControlEvent]);
export type VisitorStreamEvent = z.infer<typeof VisitorStreamEvent>;

/**
 * The last event of an agent's stream: its session ended (logout, deactivation, a role or
 * password change, expiry), and the server closes the stream after it. `sessionId` null means
 * every session of the agent. Ephemeral, on the agents' stream only.
 */
export const SessionEndedEvent = z.object({
  type: z.literal('session.ended'),
  sessionId: z.string().nullable(),
});
export type SessionEndedEvent = z.infer<typeof SessionEndedEvent>;

export const InboxStreamEvent = z.union([DurableEvent, EphemeralEvent, StreamControlEvent, SessionEndedEvent]);
export type InboxStreamEvent = z.infer<typeof InboxStreamEvent>;
