import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { AuthorType, ConversationStatus, MessageMeta } from '@parley/protocol';

/** Creation time in ms, set by SQLite; shared by every feature's tables. */
export const createdAt = () =>
  integer({ mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);

export const accounts = sqliteTable('accounts', {
  id: text().primaryKey(),
  name: text().notNull(),
  createdAt: createdAt(),
});

export const agents = sqliteTable(
  'agents',
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    email: text().notNull(),
    name: text().notNull(),
    passwordHash: text().notNull(),
    role: text({ enum: ['owner', 'admin', 'agent'] }).notNull(),
    languages: text({ mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    skills: text({ mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    maxChats: integer().notNull().default(5),
    presence: text({ enum: ['online', 'away', 'offline'] }).notNull().default('offline'),
    lastSeenAt: integer({ mode: 'timestamp_ms' }),
    createdAt: createdAt(),
    /** A removed agent keeps their messages' authorship but can no longer log in or be routed to. */
    deactivatedAt: integer({ mode: 'timestamp_ms' }),
    /** When routing last gave this agent a conversation: ties go to the longest idle. */
    lastAssignedAt: integer({ mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('agents_email_unique').on(t.email)],
);

export const sites = sqliteTable(
  'sites',
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    publicKey: text().notNull(),
    secret: text().notNull(),
    allowedOrigins: text({ mode: 'json' }).$type<string[]>().notNull(),
    settings: text({ mode: 'json' }).$type<unknown>().notNull().default(sql`'{}'`),
    /** The last ticket reference given (tickets/commands.ts): references are never reused, even after an erasure. */
    ticketSeq: integer().notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('sites_public_key_unique').on(t.publicKey)],
);

export const visitors = sqliteTable(
  'visitors',
  {
    id: text().primaryKey(),
    siteId: text()
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    tokenHash: text().notNull(),
    name: text(),
    email: text(),
    phone: text(),
    locale: text(),
    createdAt: createdAt(),
    lastSeenAt: integer({ mode: 'timestamp_ms' }),
    /** The site's own user id, set by a verified identify (docs/spec.md §3): one visitor per user. */
    userId: text(),
    attributes: text({ mode: 'json' }).$type<Record<string, string | number | boolean | null>>().notNull().default(sql`'{}'`),
    /** The page the widget last reported, and when (the inbox sidebar's "Page"). */
    pageUrl: text(),
    pageSeenAt: integer({ mode: 'timestamp_ms' }),
    /** A WhatsApp contact's number as Meta names it (`wa_id`): one visitor per number and site. */
    whatsappId: text(),
    /** Browser and OS read from the User-Agent header when the visitor was created or last moved page. */
    browser: text(),
  },
  (t) => [
    uniqueIndex('visitors_token_hash_unique').on(t.tokenHash),
    index('visitors_site_idx').on(t.siteId),
    uniqueIndex('visitors_site_user_unique').on(t.siteId, t.userId),
    uniqueIndex('visitors_site_whatsapp_unique').on(t.siteId, t.whatsappId),
  ],
);

export const conversations = sqliteTable(
  'conversations',
  {
    id: text().primaryKey(),
    siteId: text()
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    visitorId: text()
      .notNull()
      .references(() => visitors.id, { onDelete: 'cascade' }),
    clientId: text().notNull(),
    status: text().$type<ConversationStatus>().notNull().default('bot'),
    assigneeId: text().references(() => agents.id, { onDelete: 'set null' }),
    priority: text({ enum: ['low', 'medium', 'high', 'urgent'] }),
    category: text(),
    sentiment: integer(),
    language: text(),
    rating: integer(),
    ratingComment: text(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
    firstResponseAt: integer({ mode: 'timestamp_ms' }),
    resolvedAt: integer({ mode: 'timestamp_ms' }),
    /** Read receipts: the last message id the visitor, and any agent, has seen. */
    visitorLastReadId: integer(),
    agentLastReadId: integer(),
    /**
     * The newest message, and the newest visitor message: kept by a trigger on `messages`
     * (migration 0008) so the inbox lists and counts unread without reading messages.
     */
    lastMessageId: integer(),
    lastVisitorMessageId: integer(),
    /** When it last entered the queue: the queue is served in priority, then this order. */
    queuedAt: integer({ mode: 'timestamp_ms' }),
    /** SLA deadlines from the site's per-priority targets, counted in business hours. */
    firstResponseDueAt: integer({ mode: 'timestamp_ms' }),
    resolutionDueAt: integer({ mode: 'timestamp_ms' }),
    snoozedUntil: integer({ mode: 'timestamp_ms' }),
    /** Handed off while nobody was available: agent replies are emailed to the visitor. */
    emailFollowUp: integer({ mode: 'boolean' }).notNull().default(false),
    kind: text({ enum: ['chat', 'ticket'] }).notNull().default('chat'),
    /** A ticket's subject, and its reference among the site's tickets. */
    subject: text(),
    reference: integer(),
    /**
     * The closed ticket a visitor's reply reopened as this one. No foreign key: a copy of an
     * install inserts conversations in no particular order, and a link to a ticket erased
     * since reads as none.
     */
    followsUpId: text(),
    /** Since when a ticket waits on the customer: it resolves itself `pendingDays` later. */
    pendingSince: integer({ mode: 'timestamp_ms' }),
    /** How often a resolved ticket was reopened (the reports' reopen rate). */
    reopens: integer().notNull().default(0),
    /** Where the visitor writes from: the widget, or a site's WhatsApp number (`whatsappChannelId`). */
    channel: text({ enum: ['widget', 'whatsapp'] }).notNull().default('widget'),
    whatsappChannelId: text(),
  },
  (t) => [
    uniqueIndex('conversations_visitor_client_unique').on(t.visitorId, t.clientId),
    uniqueIndex('conversations_site_reference_unique').on(t.siteId, t.reference),
    index('conversations_site_status_idx').on(t.siteId, t.status),
    // Reports read a site's conversations of a time range, in order, a page at a time.
    index('conversations_site_created_idx').on(t.siteId, t.createdAt, t.id),
  ],
);

export const messages = sqliteTable(
  'messages',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    conversationId: text()
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    clientId: text(),
    authorType: text().$type<AuthorType>().notNull(),
    authorAgentId: text().references(() => agents.id, { onDelete: 'set null' }),
    body: text().notNull(),
    meta: text({ mode: 'json' }).$type<MessageMeta>().notNull().default(sql`'{}'`),
    internal: integer({ mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    // NULL client ids (server-authored messages) never collide: SQLite treats NULLs as distinct.
    uniqueIndex('messages_conversation_client_unique').on(t.conversationId, t.clientId),
    index('messages_conversation_idx').on(t.conversationId, t.id),
  ],
);

/**
 * The realtime log (docs/spec.md §6). AUTOINCREMENT so an id is never reused, even after the newest
 * rows are deleted: a client's Last-Event-ID must never point at a different event later.
 */
export const events = sqliteTable(
  'events',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    siteId: text()
      .notNull()
      .references(() => sites.id, { onDelete: 'cascade' }),
    visitorId: text().references(() => visitors.id, { onDelete: 'cascade' }),
    conversationId: text().references(() => conversations.id, { onDelete: 'cascade' }),
    type: text().notNull(),
    /** The event as sent to clients, minus its id. */
    payload: text({ mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    /** `agents`: never streamed to the visitor (private notes, internal changes). */
    audience: text({ enum: ['all', 'agents'] }).notNull().default('all'),
    createdAt: createdAt(),
  },
  (t) => [index('events_visitor_idx').on(t.visitorId, t.id), index('events_site_idx').on(t.siteId, t.id)],
);

/**
 * Rate limits shared by every process of a PostgreSQL install (core/limits.ts): one token
 * bucket per limit and key. A single process on SQLite keeps its buckets in memory and never
 * writes here; the table exists on both engines so that their schemas stay one.
 */
export const rateBuckets = sqliteTable('rate_buckets', {
  /** The limit's name and its key (an address, a visitor). */
  key: text().primaryKey(),
  tokens: real().notNull(),
  refilledAt: integer({ mode: 'timestamp_ms' }).notNull(),
});
