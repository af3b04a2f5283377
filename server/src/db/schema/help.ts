import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { createdAt, sites, visitors } from './core';

/**
 * Self-service measured (help/measure.ts): one row per visit to the help center (a page
 * session, by cookie) or to the widget's Help view (a page load). `escalatedAt` is set when
 * the visit went on to start a conversation; a visit without one was deflected. `visitorId`
 * once the visitor is known, so their searches are exported and erased with them.
 */
export const helpSessions = sqliteTable(
  'help_sessions',
  {
    id: text().primaryKey(),
    siteId: text()
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    visitorId: text().references(() => visitors.id, { onDelete: 'cascade' }),
    source: text({ enum: ['page', 'widget'] }).notNull(),
    startedAt: createdAt(),
    lastAt: integer({ mode: 'timestamp_ms' }).notNull(),
    views: integer().notNull().default(0),
    escalatedAt: integer({ mode: 'timestamp_ms' }),
  },
  (t) => [index('help_sessions_site_started_idx').on(t.siteId, t.startedAt), index('help_sessions_visitor_idx').on(t.visitorId)],
);

/**
 * What visitors searched for, and how many articles answered. Searches with none join the
 * questions the bot missed (kb/gaps.ts) until an owner reviews them (`reviewedAt`).
 */
export const helpSearches = sqliteTable(
  'help_searches',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    siteId: text()
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    sessionId: text()
      .notNull()
      .references(() => helpSessions.id, { onDelete: 'cascade' }),
    query: text().notNull(),
    results: integer().notNull(),
    reviewedAt: integer({ mode: 'timestamp_ms' }),
    createdAt: createdAt(),
  },
  (t) => [index('help_searches_site_created_idx').on(t.siteId, t.createdAt), index('help_searches_session_idx').on(t.sessionId)],
);
