import { z } from 'zod';
import { ClientId } from './text';

/*
 * A site's WhatsApp Business number as a channel (docs/api.md, WhatsApp): set up by owners and
 * admins, reached by Meta's webhook, answered by the bot and agents through the Graph API.
 */

const GraphId = z
  .string()
  .trim()
  .regex(/^\d{1,32}$/, 'must be the numeric id Meta shows');
const Secret = z.string().trim().min(8).max(1024);

// ---- inbox: POST /v1/inbox/sites/:siteId/channels/whatsapp (owner, admin)
export const CreateWhatsAppChannelBody = z.object({
  phoneNumberId: GraphId,
  businessAccountId: GraphId,
  /** The number as people dial it, shown in the inbox. */
  displayPhone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{5,32}$/, 'must be a phone number')
    .optional(),
  accessToken: Secret,
  appSecret: Secret,
});
export type CreateWhatsAppChannelBody = z.infer<typeof CreateWhatsAppChannelBody>;

export const UpdateWhatsAppChannelBody = CreateWhatsAppChannelBody.partial().refine((b) => Object.keys(b).length > 0, 'must change something');
export type UpdateWhatsAppChannelBody = z.infer<typeof UpdateWhatsAppChannelBody>;

/** A channel as the inbox lists it: its secrets are never returned. */
export const WhatsAppChannel = z.object({
  id: z.string(),
  siteId: z.string(),
  phoneNumberId: z.string(),
  businessAccountId: z.string(),
  displayPhone: z.string().nullable(),
  /** Paste in the Meta app's webhook settings, with `verifyToken`. */
  webhookUrl: z.string(),
  verifyToken: z.string(),
  createdAt: z.iso.datetime(),
});
export type WhatsAppChannel = z.infer<typeof WhatsAppChannel>;
export const WhatsAppChannelList = z.object({ channels: z.array(WhatsAppChannel) });
export type WhatsAppChannelList = z.infer<typeof WhatsAppChannelList>;
export const WhatsAppChannelParams = z.object({ siteId: z.string().min(1).max(64), channelId: z.string().min(1).max(64) });

// ---- Meta: GET /v1/whatsapp/:channelId/webhook (the verification handshake)
export const WhatsAppVerifyQuery = z.object({
  'hub.mode': z.string().max(32).optional(),
  'hub.verify_token': z.string().max(256).optional(),
  'hub.challenge': z.string().max(256).optional(),
});

/**
 * What of a webhook delivery Parley reads (the WhatsApp Cloud API's JSON): messages with their
 * sender, and statuses of messages sent. Unknown fields and types are kept, so a delivery with
 * something new is still read for what it has.
 */
const Text = z.looseObject({ body: z.string() });
const Media = z.looseObject({ id: z.string(), mime_type: z.string().optional(), caption: z.string().optional(), filename: z.string().optional() });
export const WhatsAppInboundMessage = z.looseObject({
  from: z.string(),
  id: z.string(),
  timestamp: z.string().optional(),
  type: z.string(),
  text: Text.optional(),
  image: Media.optional(),
  document: Media.optional(),
  audio: Media.optional(),
  video: Media.optional(),
  sticker: Media.optional(),
  button: z.looseObject({ text: z.string() }).optional(),
  interactive: z
    .looseObject({
      button_reply: z.looseObject({ id: z.string(), title: z.string() }).optional(),
      list_reply: z.looseObject({ id: z.string(), title: z.string() }).optional(),
    })
    .optional(),
});
export type WhatsAppInboundMessage = z.infer<typeof WhatsAppInboundMessage>;

export const WhatsAppStatus = z.looseObject({
  id: z.string(),
  status: z.string(),
  recipient_id: z.string().optional(),
  errors: z.array(z.looseObject({ code: z.number().optional(), title: z.string().optional(), message: z.string().optional() })).optional(),
});
export type WhatsAppStatus = z.infer<typeof WhatsAppStatus>;

export const WhatsAppWebhook = z.looseObject({
  object: z.string(),
  entry: z.array(
    z.looseObject({
      changes: z.array(
        z.looseObject({
          field: z.string().optional(),
          value: z.looseObject({
            metadata: z.looseObject({ phone_number_id: z.string() }).optional(),
            contacts: z.array(z.looseObject({ wa_id: z.string(), profile: z.looseObject({ name: z.string().optional() }).optional() })).optional(),
            messages: z.array(WhatsAppInboundMessage).optional(),
            statuses: z.array(WhatsAppStatus).optional(),
          }),
        }),
      ),
    }),
  ),
});
export type WhatsAppWebhook = z.infer<typeof WhatsAppWebhook>;

/**
 * Where a message sent to a WhatsApp visitor stands: `queued` until the Graph API takes it
 * (`error` and `nextAttemptAt` while it retries), then `sent`, `delivered`, `read` as Meta
 * reports them (never backwards), or `failed` with the error.
 */
export const WhatsAppDelivery = z.object({
  status: z.enum(['queued', 'sent', 'delivered', 'read', 'failed']),
  attempts: z.number().int(),
  error: z.string().nullable(),
  nextAttemptAt: z.iso.datetime().nullable(),
});
export type WhatsAppDelivery = z.infer<typeof WhatsAppDelivery>;

// ---- inbox: templates, for a conversation past WhatsApp's 24-hour window
export const WhatsAppTemplate = z.object({
  name: z.string(),
  language: z.string(),
  category: z.string().nullable(),
  /** The body's text with its {{1}}, {{2}}… placeholders, and how many parameters it takes. */
  body: z.string(),
  parameters: z.number().int(),
});
export type WhatsAppTemplate = z.infer<typeof WhatsAppTemplate>;
export const WhatsAppTemplateList = z.object({
  /** Until when a free-form reply may be sent (24 hours after the customer's last message); null: never wrote, or past it. */
  windowOpenUntil: z.iso.datetime().nullable(),
  templates: z.array(WhatsAppTemplate),
});
export type WhatsAppTemplateList = z.infer<typeof WhatsAppTemplateList>;

export const SendWhatsAppTemplateBody = z.object({
  clientId: ClientId,
  name: z.string().trim().min(1).max(512),
  language: z.string().trim().min(2).max(16),
  parameters: z.array(z.string().trim().min(1).max(1024)).max(20).default([]),
});
export type SendWhatsAppTemplateBody = z.infer<typeof SendWhatsAppTemplateBody>;
