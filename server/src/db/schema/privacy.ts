import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import type { ConversationStatus } from '@parley/protocol';
import { agents, createdAt, sites, visitors } from './core';

/**
 * A visitor's agreement to the site's consent text (privacy/consent.ts): one row per version
 * agreed to, with the text as it read then. Erased with the visitor; exported with them.
 */
export const consentRecords = sqliteTable(
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

/**
 * What reports count of an erased conversation (privacy/erase.ts), and nothing else: no
 * visitor, no text, a new id. Reports read these beside `conversations`, so erasing a person
 * keeps the site's numbers.
 */
export const erasedConversations = sqliteTable(
  'erased_conversations',
  {
    id: text().primaryKey(),
    siteId: text()
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    status: text().$type<ConversationStatus>().notNull(),
    assigneeId: text().references(() => agents.id, { onDelete: 'set null' }),
    rating: integer(),
    createdAt: integer({ mode: 'timestamp_ms' }).notNull(),
    queuedAt: integer({ mode: 'timestamp_ms' }),
    firstResponseAt: integer({ mode: 'timestamp_ms' }),
    resolvedAt: integer({ mode: 'timestamp_ms' }),
    firstResponseDueAt: integer({ mode: 'timestamp_ms' }),
    resolutionDueAt: integer({ mode: 'timestamp_ms' }),
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
