import { integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { sites } from './core';

/** Claude calls per site and UTC day: the site's daily budget is counted here, atomically. */
export const providerUsage = pgTable(
  'provider_usage',
  {
    siteId: text()
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    /** YYYY-MM-DD in UTC. */
    day: text().notNull(),
    calls: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.day] })],
);
