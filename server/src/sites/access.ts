import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/store';
import { conversations, sites } from '../db/tables';
import { notFound } from '../http/errors';
import type { ConversationRow, SiteRow } from '../db/rows';

/*
 * Account scoping for inbox routes: every lookup by id also matches the agent's account, so
 * another account's site or conversation is indistinguishable from a missing one (404).
 */

export async function accountSites(db: Db, accountId: string): Promise<SiteRow[]> {
  return await db.select().from(sites).where(eq(sites.accountId, accountId));
}

export async function accountSite(db: Db, accountId: string, siteId: string): Promise<SiteRow> {
  const site = (
    await db
      .select()
      .from(sites)
      .where(and(eq(sites.id, siteId), eq(sites.accountId, accountId)))
      .limit(1)
  )[0];
  if (!site) throw notFound('Site');
  return site;
}

export async function accountConversation(db: Db, accountId: string, conversationId: string): Promise<ConversationRow> {
  const row = (
    await db
      .select({ conversation: conversations })
      .from(conversations)
      .innerJoin(sites, eq(sites.id, conversations.siteId))
      .where(and(eq(conversations.id, conversationId), eq(sites.accountId, accountId)))
      .limit(1)
  )[0];
  if (!row) throw notFound('Conversation');
  return row.conversation;
}
