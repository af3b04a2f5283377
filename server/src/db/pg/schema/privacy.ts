import { index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { ConversationStatus } from '@parley/protocol';
import { agents, createdAt, sites, visitors } from './core';

/** A visitor's agreement to the site's consent text: see the SQLite schema. */
export const consentRecords = pgTable(
  'consent_records',
  {
    visitorId: text()
      .notNull()
      .references(() => visitors.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    text: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.visitorId, t.version] })],
);

/** What reports count of an erased conversation: see the SQLite schema. */
export const erasedConversations = pgTable(
  'erased_conversations',
  {
    id: text().primaryKey(),
    siteId: text()
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    status: text().$type<ConversationStatus>().notNull(),
    assigneeId: text().references(() => agents.id, { onDelete: 'set null' }),
    rating: integer(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    queuedAt: timestamp({ withTimezone: true, precision: 3 }),
    firstResponseAt: timestamp({ withTimezone: true, precision: 3 }),
    resolvedAt: timestamp({ withTimezone: true, precision: 3 }),
    firstResponseDueAt: timestamp({ withTimezone: true, precision: 3 }),
    resolutionDueAt: timestamp({ withTimezone: true, precision: 3 }),
    /** Tickets count in their own report: kind, category, priority and reopens are not personal. */
    kind: text({ enum: ['chat', 'ticket'] }).notNull().default('chat'),
    category: text(),
    priority: text({ enum: ['low', 'medium', 'high', 'urgent'] }),
    reopens: integer().notNull().default(0),
    /** Reports filter by channel. */
    channel: text({ enum: ['widget', 'whatsapp'] }).notNull().default('widget'),
  },
  (t) => [index('erased_conversations_site_created_idx').on(t.siteId, t.createdAt, t.id)],
);
