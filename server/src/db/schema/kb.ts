import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { agents, createdAt, messages, sites, visitors } from './core';


/**
 * The knowledge base (docs/spec.md §7). `seq` is the integer key the FTS5 index (`articles_fts`,
 * external content, kept in sync by triggers in the kb_fts migration) points at: a table
 * without an INTEGER PRIMARY KEY may renumber its rowids on VACUUM, which would silently
 * point the index at other rows. `id` is the public id; `slug` is the owner's own key
 * (the `id` of an imported FAQ file, a Markdown file name), unique per site, so importing the
 * same file again updates instead of duplicating.
 */
export const articles = sqliteTable(
  'articles',
  {
    seq: integer().primaryKey({ autoIncrement: true }),
    id: text().notNull(),
    siteId: text()
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    slug: text().notNull(),
    title: text().notNull(),
    body: text().notNull().default(''),
    phrasings: text({ mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    category: text(),
    locale: text(),
    status: text({ enum: ['draft', 'published'] }).notNull().default('draft'),
    views: integer().notNull().default(0),
    helpful: integer().notNull().default(0),
    notHelpful: integer().notNull().default(0),
    /** Its place within its category (help/): the owner's order, then the oldest first. */
    position: integer().notNull().default(0),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [
    uniqueIndex('articles_id_unique').on(t.id),
    uniqueIndex('articles_site_slug_unique').on(t.siteId, t.slug),
    index('articles_site_status_idx').on(t.siteId, t.status),
  ],
);

/**
 * A site's help-center categories (kb/categories.ts). Articles name theirs (`articles.category`,
 * which the search index and the bot read); a row here gives that name a URL slug, a
 * description and a place. Every name an article uses gets a row when categories are read.
 */
export const kbCategories = sqliteTable(
  'kb_categories',
  {
    id: text().primaryKey(),
    siteId: text()
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    slug: text().notNull(),
    name: text().notNull(),
    description: text().notNull().default(''),
    position: integer().notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('kb_categories_site_slug_unique').on(t.siteId, t.slug), uniqueIndex('kb_categories_site_name_unique').on(t.siteId, t.name)],
);

/** Reads of an article per UTC day: the help center's "popular" is the last 30 days' sum. */
export const articleViews = sqliteTable(
  'article_views',
  {
    articleId: text()
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    /** YYYY-MM-DD in UTC. */
    day: text().notNull(),
    views: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.day] })],
);

/** One vote per visitor and article: the counts on `articles` move only on a visitor's first vote or a change of mind. */
export const articleFeedback = sqliteTable(
  'article_feedback',
  {
    articleId: text()
      .notNull()
      .references(() => articles.id, { onDelete: 'cascade' }),
    visitorId: text()
      .notNull()
      .references(() => visitors.id, { onDelete: 'cascade' }),
    helpful: integer({ mode: 'boolean' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.visitorId] })],
);

/**
 * Bumped by triggers on every change to a site's articles (kb_fts migration), so a process
 * that caches something built from the KB (the bot's retriever) sees changes made by any
 * process — the CLI included — with one indexed read. No foreign key: deleting a site
 * cascades to its articles, whose delete trigger writes here after the site row is gone.
 */
export const kbRevisions = sqliteTable('kb_revisions', {
  siteId: text().primaryKey(),
  revision: integer().notNull().default(0),
});

/**
 * An owner's decision on a question the bot missed (kb/gaps.ts): the visitor message became
 * a phrasing of `articleId`, or was dismissed. One per message, so the list of misses leaves
 * it out and a second decision on it is refused.
 */
export const botGapReviews = sqliteTable(
  'bot_gap_reviews',
  {
    messageId: integer()
      .primaryKey()
      .references(() => messages.id, { onDelete: 'cascade' }),
    siteId: text()
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    action: text({ enum: ['added', 'dismissed'] }).notNull(),
    articleId: text().references(() => articles.id, { onDelete: 'set null' }),
    agentId: text().references(() => agents.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('bot_gap_reviews_site_idx').on(t.siteId)],
);
