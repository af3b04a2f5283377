import { and, eq, sql } from 'drizzle-orm';
import type { SiteSettings } from '@parley/protocol';
import type { ConversationRow, MessageRow } from '../conversations/mappers';
import type { Db } from '../db/connection';
import { preparedFor } from '../db/prepared';
import { conversations, messages, sites, visitors } from '../db/schema';
import { siteSettings, type SiteRow } from '../sites/sites';
import { visitorTexts, type LocaleTexts } from '../i18n/texts';

/** What every bot step starts from: the conversation, its site's settings, the visitor's texts. */
export interface BotContext {
  conversation: ConversationRow;
  site: SiteRow;
  settings: SiteSettings;
  texts: LocaleTexts;
}

/** A bot turn: the message it answers (a visitor's) or follows up on (its own), in its context. */
export interface BotTurnContext extends BotContext {
  message: MessageRow;
}

const ph = sql.placeholder;
// Loaded for every visitor message, in every status (the status is what callers check):
// prepared once, like the rest of the message path (db/prepared.ts).
const conversationWithSite = preparedFor((db) =>
  db
    .select({ conversation: conversations, locale: visitors.locale, site: sites })
    .from(conversations)
    .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
    .innerJoin(sites, eq(sites.id, conversations.siteId))
    .where(eq(conversations.id, ph('conversationId')))
    .prepare(),
);
const statusOf = preparedFor((db) =>
  db
    .select({ status: conversations.status })
    .from(conversations)
    .where(eq(conversations.id, ph('conversationId')))
    .prepare(),
);
const messageByAuthor = preparedFor((db) =>
  db
    .select()
    .from(messages)
    .where(and(eq(messages.id, ph('messageId')), eq(messages.authorType, ph('authorType'))))
    .prepare(),
);

/** A conversation with its site's settings and the visitor's texts (their locale, else the site's). */
export function botContext(db: Db, conversationId: string): BotContext | undefined {
  const row = conversationWithSite(db).get({ conversationId });
  if (!row) return undefined;
  const settings = siteSettings(row.site);
  return { conversation: row.conversation, site: row.site, settings, texts: visitorTexts(row.locale, settings.locale) };
}

/** `messageId` in its context, when `authorType` wrote it. */
export function botTurnContext(db: Db, messageId: number, authorType: 'visitor' | 'bot'): BotTurnContext | undefined {
  const message = messageByAuthor(db).get({ messageId, authorType });
  const context = message && botContext(db, message.conversationId);
  return context && { ...context, message };
}

/** Whether the conversation is still the bot's: asked right before each write of a turn. */
export function stillTheBots(db: Db, conversationId: string): boolean {
  return statusOf(db).get({ conversationId })?.status === 'bot';
}
