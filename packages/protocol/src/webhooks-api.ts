import { z } from 'zod';
import { Contact } from './contacts-api';
import { ChangedBy, ContactErasedEvent, ContactUpdatedEvent, ConversationChanges } from './events';
import { Conversation, Message } from './widget-api';

/*
 * Outbound webhooks under /v1/inbox/webhooks (owners and admins; API tokens with
 * settings:read / settings:write). Deliveries follow the Standard Webhooks spec
 * (https://www.standardwebhooks.com): headers webhook-id, webhook-timestamp, webhook-signature;
 * a JSON body `{ type, timestamp, data }`. docs/api.md has the retry schedule and how to verify.
 */

/** What an endpoint can subscribe to. `note.created` is a private note: only endpoints that ask get it. */
export const WebhookEventType = z.enum([
  'conversation.created',
  'conversation.status_changed',
  'conversation.assigned',
  'conversation.rated',
  'message.created',
  'note.created',
  'contact.updated',
  'contact.erased',
  'ticket.created',
  'ticket.status_changed',
]);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

const WebhookUrl = z.url({ protocol: /^https?$/ }).max(2000);
const WebhookEvents = z
  .array(WebhookEventType)
  .min(1)
  .max(WebhookEventType.options.length)
  .transform((events) => [...new Set(events)]);

// ---- POST /v1/inbox/webhooks
export const CreateWebhookBody = z.object({
  /** https, to a public address (PARLEY_WEBHOOK_ALLOW_PRIVATE=1 lifts both, for receivers on the same network). */
  url: WebhookUrl,
  events: WebhookEvents,
  /** Only this site's events; every site of the account when absent. */
  siteId: z.string().min(1).max(64).optional(),
});
export type CreateWebhookBody = z.infer<typeof CreateWebhookBody>;

// ---- PATCH /v1/inbox/webhooks/:id
export const UpdateWebhookBody = z
  .object({
    url: WebhookUrl.optional(),
    events: WebhookEvents.optional(),
    siteId: z.string().min(1).max(64).nullable().optional(),
    /** true turns a disabled endpoint back on: what waited for it is delivered, oldest first. */
    enabled: z.boolean().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'must change at least one field');
export type UpdateWebhookBody = z.infer<typeof UpdateWebhookBody>;

export const Webhook = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(WebhookEventType),
  siteId: z.string().nullable(),
  enabled: z.boolean(),
  /** Why Parley turned it off (the receiver answered 410, or failed every try for a day); null while enabled or turned off by hand. */
  disabledReason: z.string().nullable(),
  /** Since when every try has failed; null after a success. */
  failingSince: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type Webhook = z.infer<typeof Webhook>;

/** A create's or a rotation's answer: the only times the secret is shown. */
export const WebhookWithSecret = Webhook.extend({ secret: z.string() });
export type WebhookWithSecret = z.infer<typeof WebhookWithSecret>;

export const WebhookList = z.object({ webhooks: z.array(Webhook) });
export type WebhookList = z.infer<typeof WebhookList>;

// ---- GET /v1/inbox/webhooks/:id/deliveries, POST …/test, POST …/deliveries/:deliveryId/replay
export const WebhookDelivery = z.object({
  /** The webhook-id header: the same on every try and on a replay, so receivers dedupe on it. */
  id: z.string(),
  type: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  /** The receiver's HTTP status at the last try; null when it did not answer. */
  responseStatus: z.number().int().nullable(),
  /** Why the last try failed: the status and the start of the answer, a timeout, a refused address. */
  error: z.string().nullable(),
  createdAt: z.iso.datetime(),
  lastAttemptAt: z.iso.datetime().nullable(),
  nextAttemptAt: z.iso.datetime().nullable(),
  deliveredAt: z.iso.datetime().nullable(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const WebhookDeliveryList = z.object({ deliveries: z.array(WebhookDelivery) });
export type WebhookDeliveryList = z.infer<typeof WebhookDeliveryList>;

export const WebhookDeliveryParams = z.object({ id: z.string().min(1).max(64), deliveryId: z.string().min(1).max(64) });

// ---- What a delivery's body carries, per type: the `webhooks` section of /v1/openapi.json

/** The conversation as the event left it, with its site and visitor. */
export const WebhookConversation = Conversation.omit({ lastMessage: true }).extend({ siteId: z.string(), visitorId: z.string() });

const envelope = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.object({ type: z.literal(type), /** When the event happened. */ timestamp: z.iso.datetime(), data });

const messageData = z.object({ conversation: WebhookConversation.pick({ id: true, siteId: true, visitorId: true }), message: Message });

const created = z.object({ conversation: WebhookConversation, by: ChangedBy });
const statusChanged = z.object({ conversation: WebhookConversation, status: ConversationChanges.shape.status.unwrap(), by: ChangedBy });

export const WebhookPayloads = {
  'conversation.created': envelope('conversation.created', created),
  'conversation.status_changed': envelope('conversation.status_changed', statusChanged),
  /** A ticket's own events, beside the conversation ones it also makes (a receiver that wants only tickets asks for these). */
  'ticket.created': envelope('ticket.created', created),
  'ticket.status_changed': envelope('ticket.status_changed', statusChanged),
  'conversation.assigned': envelope(
    'conversation.assigned',
    z.object({ conversation: WebhookConversation, assigneeId: ConversationChanges.shape.assigneeId.unwrap(), by: ChangedBy }),
  ),
  'conversation.rated': envelope(
    'conversation.rated',
    z.object({ conversation: WebhookConversation, rating: z.number().int(), comment: z.string().nullable() }),
  ),
  'message.created': envelope('message.created', messageData),
  'note.created': envelope('note.created', messageData),
  /** The contact as stored when the delivery was queued, and which of its fields this change set. */
  'contact.updated': envelope('contact.updated', z.object({ contact: Contact, changed: ContactUpdatedEvent.shape.fields })),
  /** The contact and these conversations were erased: erase your copies too. */
  'contact.erased': envelope('contact.erased', ContactErasedEvent.pick({ visitorId: true, conversationIds: true })),
  /** Sent by "Send a test event" only: every endpoint gets it, whatever it subscribed to. */
  'webhook.test': envelope('webhook.test', z.object({ webhookId: z.string(), message: z.string() })),
} as const;

export type WebhookPayloadType = keyof typeof WebhookPayloads;
export type WebhookPayload<T extends WebhookPayloadType = WebhookPayloadType> = z.infer<(typeof WebhookPayloads)[T]>;
