import { eq, sql } from 'drizzle-orm';
import type { SiteSettings } from '@parley/protocol';
import type { Db } from '../db/store';
import { preparedFor } from '../db/prepared';
import { conversations, sites, visitors } from '../db/tables';
import { visitorTexts, type LocaleTexts } from '../i18n/texts';
import { siteSettings } from '../sites/sites';
import type { ConversationRow, SiteRow } from '../db/rows';

/** A conversation with what writing to its visitor takes: the site's settings and the visitor's texts. */
export interface ConversationContext {
  conversation: ConversationRow;
  site: SiteRow;
  settings: SiteSettings;
  texts: LocaleTexts;
}

// Loaded for every visitor message by the bot (in every status: the status is what callers
// check): prepared once, like the rest of the message path (db/prepared.ts).
const conversationWithSite = preparedFor('conversationWithSite', (db) =>
  db
    .select({ conversation: conversations, locale: visitors.locale, site: sites })
    .from(conversations)
    .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
    .innerJoin(sites, eq(sites.id, conversations.siteId))
    .where(eq(conversations.id, sql.placeholder('conversationId'))),
);

/** The conversation in its context; texts in the visitor's locale, else the site's, else English. */
export async function conversationContext(db: Db, conversationId: string): Promise<ConversationContext | undefined> {
  const row = (await conversationWithSite(db).execute({ conversationId }))[0];
  if (!row) return undefined;
  const settings = siteSettings(row.site);
  return { conversation: row.conversation, site: row.site, settings, texts: visitorTexts(row.locale, settings.locale) };
}
