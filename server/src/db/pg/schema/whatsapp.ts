import { bigint, customType, index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { conversations, createdAt, messages, sites } from './core';

/** WhatsApp channels, their inbound queue, outbound messages and media: see the SQLite schema for the whole story. */
export const whatsappChannels = pgTable(
  'whatsapp_channels',
  {
    id: text().primaryKey(),
    siteId: text()
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    phoneNumberId: text().notNull(),
    businessAccountId: text().notNull(),
    displayPhone: text(),
    accessTokenSealed: text().notNull(),
    appSecretSealed: text().notNull(),
    verifyToken: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('whatsapp_channels_phone_unique').on(t.phoneNumberId), index('whatsapp_channels_site_idx').on(t.siteId)],
);

export const whatsappInbound = pgTable(
  'whatsapp_inbound',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    channelId: text()
      .notNull()
      .references(() => whatsappChannels.id, { onDelete: 'cascade' }),
    body: text().notNull(),
    receivedAt: createdAt(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true, precision: 3 }),
    error: text(),
  },
  (t) => [index('whatsapp_inbound_due_idx').on(t.nextAttemptAt)],
);

export const whatsappMessages = pgTable(
  'whatsapp_messages',
  {
    messageId: bigint({ mode: 'number' })
      .primaryKey()
      .references(() => messages.id, { onDelete: 'cascade' }),
    conversationId: text()
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    status: text({ enum: ['queued', 'sent', 'delivered', 'read', 'failed'] }).notNull(),
    wamid: text(),
    error: text(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true, precision: 3 }),
    updatedAt: createdAt(),
  },
  (t) => [uniqueIndex('whatsapp_messages_wamid_unique').on(t.wamid), index('whatsapp_messages_due_idx').on(t.status, t.nextAttemptAt)],
);

/** Bytes as `bytea`, read and written as a Buffer like the SQLite schema's blob. */
const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

export const whatsappMedia = pgTable('whatsapp_media', {
  id: text().primaryKey(),
  conversationId: text()
    .notNull()
    .references(() => conversations.id, { onDelete: 'cascade' }),
  mime: text().notNull(),
  filename: text(),
  bytes: bytea().notNull(),
  createdAt: createdAt(),
});
