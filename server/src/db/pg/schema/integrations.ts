import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { accounts, agents, createdAt, sites } from './core';

/** Outbound webhook endpoints: see the SQLite schema for the whole story. */
export const webhooks = pgTable(
  'webhooks',
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    siteId: text().references(() => sites.id, { onDelete: 'cascade' }),
    url: text().notNull(),
    events: jsonb().$type<string[]>().notNull(),
    secret: text().notNull(),
    previousSecret: text(),
    previousSecretExpiresAt: timestamp({ withTimezone: true, precision: 3 }),
    enabled: boolean().notNull().default(true),
    disabledReason: text(),
    failingSince: timestamp({ withTimezone: true, precision: 3 }),
    createdBy: text().references(() => agents.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('webhooks_account_idx').on(t.accountId)],
);

/** The webhooks' durable outbox: see the SQLite schema. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    seq: bigint({ mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    id: text().notNull(),
    webhookId: text()
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    eventId: bigint({ mode: 'number' }),
    orderKey: text(),
    type: text().notNull(),
    body: text().notNull(),
    status: text({ enum: ['pending', 'delivered', 'failed'] }).notNull(),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true, precision: 3 }),
    lastAttemptAt: timestamp({ withTimezone: true, precision: 3 }),
    deliveredAt: timestamp({ withTimezone: true, precision: 3 }),
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
export const webhookCursor = pgTable('webhook_cursor', {
  id: integer().primaryKey(),
  lastEventId: bigint({ mode: 'number' }).notNull(),
});
