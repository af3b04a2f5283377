import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { accounts, agents, conversations, createdAt, messages } from './core';

/** Inbox login sessions. Only the SHA-256 of the cookie token is stored; revoking sets revokedAt. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text().primaryKey(),
    tokenHash: text().notNull(),
    agentId: text()
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: integer({ mode: 'timestamp_ms' }).notNull(),
    lastUsedAt: integer({ mode: 'timestamp_ms' }),
    revokedAt: integer({ mode: 'timestamp_ms' }),
    userAgent: text(),
  },
  (t) => [uniqueIndex('sessions_token_hash_unique').on(t.tokenHash), index('sessions_agent_idx').on(t.agentId)],
);

/**
 * Tokens for the inbox API (scripts, integrations): only the SHA-256 is stored. A token acts as
 * the agent who created it, within its scopes, while that agent is active; deleting it
 * revokes it at once.
 */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    agentId: text()
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    scopes: text({ mode: 'json' }).$type<string[]>().notNull(),
    tokenHash: text().notNull(),
    createdAt: createdAt(),
    lastUsedAt: integer({ mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('api_tokens_token_hash_unique').on(t.tokenHash), index('api_tokens_account_idx').on(t.accountId)],
);

/** One-use, expiring invitations to join an account as an agent; the link carries the token. */
export const invites = sqliteTable(
  'invites',
  {
    id: text().primaryKey(),
    tokenHash: text().notNull(),
    accountId: text()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    email: text().notNull(),
    role: text({ enum: ['owner', 'admin', 'agent'] }).notNull(),
    createdBy: text().references(() => agents.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    expiresAt: integer({ mode: 'timestamp_ms' }).notNull(),
    usedAt: integer({ mode: 'timestamp_ms' }),
    /** Withdrawn by an admin, or because whoever sent it was deactivated: the link no longer works. */
    revokedAt: integer({ mode: 'timestamp_ms' }),
    revokedBy: text().references(() => agents.id, { onDelete: 'set null' }),
  },
  (t) => [uniqueIndex('invites_token_hash_unique').on(t.tokenHash), index('invites_account_idx').on(t.accountId), index('invites_created_by_idx').on(t.createdBy)],
);

/**
 * Failed logins counted per key, before the password is hashed: `email:<sha256 of the address>`
 * for any address tried (known or not, so the answers never tell which exist), and
 * `device:<token hash>` for a browser an agent signed in on before (agent_devices), which a
 * stranger's guesses at the address cannot lock. A success deletes the row.
 */
export const loginThrottle = sqliteTable('login_throttle', {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  lockedUntil: integer({ mode: 'timestamp_ms' }),
  updatedAt: integer({ mode: 'timestamp_ms' }).notNull(),
});

/** Browsers an agent signed in on: their `parley_device` cookie's token, stored hashed. */
export const agentDevices = sqliteTable(
  'agent_devices',
  {
    tokenHash: text().primaryKey(),
    agentId: text()
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    lastUsedAt: integer({ mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('agent_devices_agent_idx').on(t.agentId)],
);

/** One-use, expiring password-reset links mailed to an agent; only the token's hash is kept. */
export const passwordResets = sqliteTable(
  'password_resets',
  {
    tokenHash: text().primaryKey(),
    agentId: text()
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: integer({ mode: 'timestamp_ms' }).notNull(),
    usedAt: integer({ mode: 'timestamp_ms' }),
  },
  (t) => [index('password_resets_agent_idx').on(t.agentId)],
);

/** How far each agent has read each conversation: unread counts are the visitor messages after it. */
export const conversationReads = sqliteTable(
  'conversation_reads',
  {
    agentId: text()
      .notNull()
      .references(() => agents.id, { onDelete: 'cascade' }),
    conversationId: text()
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    lastReadMessageId: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.conversationId] })],
);

/** Saved replies an agent inserts by typing `/shortcut` in the composer. */
export const cannedResponses = sqliteTable(
  'canned_responses',
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    shortcut: text().notNull(),
    title: text().notNull(),
    body: text().notNull(),
    createdAt: createdAt(),
    updatedAt: createdAt(),
  },
  (t) => [uniqueIndex('canned_responses_account_shortcut_unique').on(t.accountId, t.shortcut)],
);

/** Who changed what in an account's settings, agents and secrets (docs/spec.md §5 audit log). */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer().primaryKey({ autoIncrement: true }),
    accountId: text()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    agentId: text().references(() => agents.id, { onDelete: 'set null' }),
    action: text().notNull(),
    target: text(),
    details: text({ mode: 'json' }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
    createdAt: createdAt(),
  },
  (t) => [index('audit_log_account_idx').on(t.accountId, t.id)],
);

/**
 * Agent replies sent to a visitor by email: the durable outbox. One row per message, so a
 * message is never mailed twice; a failed send is retried at `nextAttemptAt` with backoff,
 * until it is sent or given up (`failed`).
 */
export const emailLog = sqliteTable(
  'email_log',
  {
    messageId: integer()
      .primaryKey()
      .references(() => messages.id, { onDelete: 'cascade' }),
    conversationId: text()
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    to: text().notNull(),
    status: text({ enum: ['pending', 'sent', 'failed'] }).notNull(),
    error: text(),
    createdAt: createdAt(),
    sentAt: integer({ mode: 'timestamp_ms' }),
    attempts: integer().notNull().default(0),
    nextAttemptAt: integer({ mode: 'timestamp_ms' }),
  },
  (t) => [index('email_log_conversation_idx').on(t.conversationId), index('email_log_due_idx').on(t.status, t.nextAttemptAt)],
);

/**
 * An agent's photo, served publicly at /v1/avatars/:agentId/:hash. Kept out of `agents` so the
 * bytes never ride along with the agent rows every request loads.
 */
export const agentAvatars = sqliteTable('agent_avatars', {
  agentId: text()
    .primaryKey()
    .references(() => agents.id, { onDelete: 'cascade' }),
  bytes: blob({ mode: 'buffer' }).notNull(),
  mime: text({ enum: ['image/png', 'image/jpeg', 'image/webp'] }).notNull(),
  /** The content hash in the URL: a new upload gets a new URL, so the old one can be cached forever. */
  hash: text().notNull(),
  updatedAt: integer({ mode: 'timestamp_ms' }).notNull(),
});
