import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { accounts, agents, createdAt } from './core';

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
  },
  (t) => [uniqueIndex('invites_token_hash_unique').on(t.tokenHash), index('invites_account_idx').on(t.accountId)],
);
