import { bigint, boolean, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, messages, visitors } from './core';

/**
 * Extra tokens of a visitor: an identified user gets one per device (the first lives on
 * the visitor row). Stored as SHA-256, like the visitor row's own.
 */
export const visitorTokens = pgTable('visitor_tokens', {
  tokenHash: text().primaryKey(),
  visitorId: text()
    .notNull()
    .references(() => visitors.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
});

/** "Was this helpful?" on a bot message: once per visitor and message. */
export const messageFeedback = pgTable(
  'message_feedback',
  {
    messageId: bigint({ mode: 'number' })
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    visitorId: text()
      .notNull()
      .references(() => visitors.id, { onDelete: 'cascade' }),
    helpful: boolean().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('message_feedback_message_visitor_unique').on(t.messageId, t.visitorId)],
);
