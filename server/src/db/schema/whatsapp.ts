import { blob, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { conversations, createdAt, messages, sites } from './core';

/**
 * A site's WhatsApp Business number (whatsapp/): the Graph API ids, and the access token and
 * app secret sealed with PARLEY_SECRET_KEY (core/secret-box.ts), never returned after creation.
 * Meta's webhook reaches it at /v1/whatsapp/:id/webhook with `verifyToken` in the handshake.
 */
export const whatsappChannels = sqliteTable(
  'whatsapp_channels',
  {
    id: text().primaryKey(),
    siteId: text()
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    phoneNumberId: text().notNull(),
    businessAccountId: text().notNull(),
    /** The number as people dial it, for the inbox (+15551234567); from the owner. */
    displayPhone: text(),
    accessTokenSealed: text().notNull(),
    appSecretSealed: text().notNull(),
    verifyToken: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('whatsapp_channels_phone_unique').on(t.phoneNumberId), index('whatsapp_channels_site_idx').on(t.siteId)],
);

/**
 * Webhook deliveries as Meta sent them, signature checked, kept until processed: the webhook
 * answers 200 once a row is written, and a worker turns it into visitors, messages and
 * statuses (leased like the outboxes, so a crash mid-way is picked up again).
 */
export const whatsappInbound = sqliteTable(
  'whatsapp_inbound',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    channelId: text()
      .notNull()
      .references(() => whatsappChannels.id, { onDelete: 'cascade' }),
    body: text().notNull(),
    receivedAt: createdAt(),
    attempts: integer().notNull().default(0),
    /** Null once processed. */
    nextAttemptAt: integer({ mode: 'timestamp_ms' }),
    error: text(),
  },
  (t) => [index('whatsapp_inbound_due_idx').on(t.nextAttemptAt)],
);

/**
 * Each message sent to a WhatsApp visitor (bot, agent, system lines; templates, their `meta.template`), from the
 * durable outbox: `queued` until the Graph API takes it (`wamid` then), retried with backoff,
 * `failed` with the error; then the statuses Meta reports, which only ever move forward.
 */
export const whatsappMessages = sqliteTable(
  'whatsapp_messages',
  {
    messageId: integer()
      .primaryKey()
      .references(() => messages.id, { onDelete: 'cascade' }),
    conversationId: text()
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    status: text({ enum: ['queued', 'sent', 'delivered', 'read', 'failed'] }).notNull(),
    wamid: text(),
    error: text(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: integer({ mode: 'timestamp_ms' }),
    updatedAt: createdAt(),
  },
  (t) => [uniqueIndex('whatsapp_messages_wamid_unique').on(t.wamid), index('whatsapp_messages_due_idx').on(t.status, t.nextAttemptAt)],
);

/**
 * Media a WhatsApp visitor sent (image, document, audio, video), fetched from the Graph API
 * with the channel's token when it arrived, up to PARLEY_WHATSAPP_MEDIA_MAX_BYTES; served to
 * the site's agents only. Goes with its conversation.
 */
export const whatsappMedia = sqliteTable('whatsapp_media', {
  id: text().primaryKey(),
  conversationId: text()
    .notNull()
    .references(() => conversations.id, { onDelete: 'cascade' }),
  mime: text().notNull(),
  filename: text(),
  bytes: blob({ mode: 'buffer' }).$type<Buffer>().notNull(),
  createdAt: createdAt(),
});
