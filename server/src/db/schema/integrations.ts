import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { accounts, agents, createdAt, sites } from './core';

/**
 * Outbound webhook endpoints (webhooks/): an account's URL, the events it takes (of one site or
 * all), and the Standard Webhooks secret deliveries are signed with. After a rotation the old
 * secret signs too, beside the new one, until `previousSecretExpiresAt`, so a receiver can
 * switch without losing a delivery. Parley turns an endpoint off (`enabled` false, with the
 * reason) when the receiver answers 410 or has failed for a day.
 */
export const webhooks = sqliteTable(
  'webhooks',
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    siteId: text().references(() => sites.id, { onDelete: 'cascade' }),
    url: text().notNull(),
    events: text({ mode: 'json' }).$type<string[]>().notNull(),
    secret: text().notNull(),
    previousSecret: text(),
    previousSecretExpiresAt: integer({ mode: 'timestamp_ms' }),
    enabled: integer({ mode: 'boolean' }).notNull().default(true),
    disabledReason: text(),
    /** The first failure since the last success: a day of failures turns the endpoint off. */
    failingSince: integer({ mode: 'timestamp_ms' }),
    createdBy: text().references(() => agents.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('webhooks_account_idx').on(t.accountId)],
);

/**
 * The webhooks' durable outbox: one row per event and endpoint, its body as sent (signed
 * anew on each try, with the same id). `seq` orders the rows; a row waits for the earlier
 * pending ones of its endpoint with the same `orderKey` (its conversation), so a receiver
 * gets a conversation's events in order. (webhook, event, type) is unique: the dispatcher
 * can queue an event twice (two processes, a crash before its cursor moved) and writes it once.
 */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    seq: integer().primaryKey({ autoIncrement: true }),
    /** The webhook-id header: `msg_` and random characters. */
    id: text().notNull(),
    webhookId: text()
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    /** The events log's row it came from (not a reference: the log is pruned); null for a test event or a contact change. */
    eventId: integer(),
    orderKey: text(),
    type: text().notNull(),
    body: text().notNull(),
    status: text({ enum: ['pending', 'delivered', 'failed'] }).notNull(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: integer({ mode: 'timestamp_ms' }),
    lastAttemptAt: integer({ mode: 'timestamp_ms' }),
    deliveredAt: integer({ mode: 'timestamp_ms' }),
    responseStatus: integer(),
    error: text(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_id_unique').on(t.id),
    uniqueIndex('webhook_deliveries_event_unique').on(t.webhookId, t.eventId, t.type),
    index('webhook_deliveries_due_idx').on(t.status, t.nextAttemptAt),
    index('webhook_deliveries_order_idx').on(t.webhookId, t.orderKey, t.seq),
  ],
);

/** How far the dispatcher has read the events log: one row, id 1. */
export const webhookCursor = sqliteTable('webhook_cursor', {
  id: integer().primaryKey(),
  lastEventId: integer().notNull(),
});
