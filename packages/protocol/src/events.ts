import { z } from 'zod';
import { Conversation, Message } from './widget-api';

/*
 * Realtime events sent over SSE. Durable events come from the `events` log: their `id` is
 * the log row id, sent as the SSE `id:` field, so a client resumes with Last-Event-ID.
 * Ephemeral events (typing) have no id and are never replayed.
 */

export const MessageCreatedEvent = z.object({
  id: z.number().int(),
  type: z.literal('message.created'),
  conversationId: z.string(),
  message: Message,
});

export const ConversationUpdatedEvent = z.object({
  id: z.number().int(),
  type: z.literal('conversation.updated'),
  conversationId: z.string(),
  conversation: Conversation.omit({ lastMessage: true }),
});

export const DurableEvent = z.discriminatedUnion('type', [MessageCreatedEvent, ConversationUpdatedEvent]);
export type DurableEvent = z.infer<typeof DurableEvent>;
export type DurableEventType = DurableEvent['type'];

export const TypingEvent = z.object({
  type: z.literal('typing'),
  conversationId: z.string(),
  author: z.enum(['visitor', 'bot', 'agent']),
  isTyping: z.boolean(),
});

export const EphemeralEvent = z.discriminatedUnion('type', [TypingEvent]);
export type EphemeralEvent = z.infer<typeof EphemeralEvent>;

export const VisitorStreamEvent = z.union([DurableEvent, EphemeralEvent]);
export type VisitorStreamEvent = z.infer<typeof VisitorStreamEvent>;
