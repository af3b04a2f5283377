import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/connection';
import { conversations, sites } from '../db/schema';
import { notFound } from '../http/errors';
import type { ConversationRow, SiteRow } from '../db/rows';

/*
 * Account scoping for inbox routes: every lookup by id also matches the agent's account, so
 * another account's site or conversation is indistinguishable from a missing one (404).
 */

export function accountSites(db: Db, accountId: string): SiteRow[] {
  return db.select().from(sites).where(eq(sites.accountId, accountId)).all();
}

export function accountSite(db: Db, accountId: string, siteId: string): SiteRow {
  const site = db.select().from(sites).where(and(eq(sites.id, siteId), eq(sites.accountId, accountId))).get();
  if (!site) throw notFound('Site');
  return site;
}

export function accountConversation(db: Db, accountId: string, conversationId: string): ConversationRow {
  const row = db
    .select({ conversation: conversations })
    .from(conversations)
    .innerJoin(sites, eq(sites.id, conversations.siteId))
    .where(and(eq(conversations.id, conversationId), eq(sites.accountId, accountId)))
    .get();
  if (!row) throw notFound('Conversation');
  return row.conversation;
}
