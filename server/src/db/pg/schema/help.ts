import { bigint, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt, sites, visitors } from './core';

/** A visit to the help center or the widget's Help view: see the SQLite schema. */
export const helpSessions = pgTable(
  'help_sessions',
  {
    id: text().primaryKey(),
    siteId: text()
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    visitorId: text().references(() => visitors.id, { onDelete: 'cascade' }),
    source: text({ enum: ['page', 'widget'] }).notNull(),
    startedAt: createdAt(),
    lastAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    views: integer().notNull().default(0),
    escalatedAt: timestamp({ withTimezone: true, precision: 3 }),
  },
  (t) => [index('help_sessions_site_started_idx').on(t.siteId, t.startedAt), index('help_sessions_visitor_idx').on(t.visitorId)],
);

/** What visitors searched for: see the SQLite schema. */
export const helpSearches = pgTable(
  'help_searches',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    siteId: text()
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    sessionId: text()
      .notNull()
      .references(() => helpSessions.id, { onDelete: 'cascade' }),
    query: text().notNull(),
    results: integer().notNull(),
    reviewedAt: timestamp({ withTimezone: true, precision: 3 }),
    createdAt: createdAt(),
  },
  (t) => [index('help_searches_site_created_idx').on(t.siteId, t.createdAt), index('help_searches_session_idx').on(t.sessionId)],
);
