import { and, count, eq, inArray, isNull, isNotNull, gt, sql } from 'drizzle-orm';
import type { Db } from '../db/connection';
import { agents, conversations, sites } from '../db/schema';
import type { ConversationRow } from '../db/rows';
import { ACTIVE_STATUSES, queueOrder, waitingWhere } from '../sla/queue-order';
import type { Candidate } from './pick-agent';

/** The account's waiting conversations, in the order routing serves them. */
export function queuedConversations(db: Db, accountId: string): ConversationRow[] {
  return db
    .select({ c: conversations })
    .from(conversations)
    .innerJoin(sites, eq(sites.id, conversations.siteId))
    .where(and(eq(sites.accountId, accountId), waitingWhere))
    .orderBy(...queueOrder)
    .all()
    .map((r) => r.c);
}

/** Accounts with anyone waiting: what a sweep drains. */
export function accountsWithQueue(db: Db): string[] {
  return db
    .selectDistinct({ accountId: sites.accountId })
    .from(conversations)
    .innerJoin(sites, eq(sites.id, conversations.siteId))
    .where(waitingWhere)
    .all()
    .map((r) => r.accountId);
}

/** How many unresolved conversations each agent holds. */
function agentLoads(db: Db, agentIds: readonly string[]): Map<string, number> {
  if (agentIds.length === 0) return new Map();
  const rows = db
    .select({ agentId: conversations.assigneeId, n: count() })
    .from(conversations)
    .where(and(inArray(conversations.assigneeId, [...agentIds]), inArray(conversations.status, [...ACTIVE_STATUSES])))
    .groupBy(conversations.assigneeId)
    .all();
  return new Map(rows.map((r) => [r.agentId!, r.n]));
}

/** The agents as given, each with its current load: one query for the whole team. */
export function withLoads<A extends { id: string }>(db: Db, team: readonly A[]): Array<A & { load: number }> {
  const loads = agentLoads(
    db,
    team.map((a) => a.id),
  );
  return team.map((a) => ({ ...a, load: loads.get(a.id) ?? 0 }));
}

/** Online, active agents of the account, with their current load. */
export function onlineCandidates(db: Db, accountId: string): Candidate[] {
  const online = db
    .select()
    .from(agents)
    .where(and(eq(agents.accountId, accountId), eq(agents.presence, 'online'), isNull(agents.deactivatedAt)))
    .all();
  return withLoads(db, online).map((a) => ({ id: a.id, languages: a.languages, skills: a.skills, maxChats: a.maxChats, load: a.load, lastAssignedAt: a.lastAssignedAt }));
}

/** 1-based place in the account's queue, or null when the conversation is not waiting. */
export function queuePosition(db: Db, accountId: string, conversationId: string): number | null {
  const i = queuedConversations(db, accountId).findIndex((c) => c.id === conversationId);
  return i < 0 ? null : i + 1;
}

const WEEK_MS = 7 * 24 * 3_600_000;

/**
 * The expected wait shown to a queued visitor: the median time from queueing to the first
 * agent reply over the site's last 7 days, or null without any such reply yet.
 */
export function medianFirstResponseMs(db: Db, siteId: string, now = new Date()): number | null {
  const waits = db
    .select({ wait: sql<number>`${conversations.firstResponseAt} - ${conversations.queuedAt}` })
    .from(conversations)
    .where(and(eq(conversations.siteId, siteId), isNotNull(conversations.queuedAt), gt(conversations.firstResponseAt, new Date(now.getTime() - WEEK_MS))))
    .all()
    .map((r) => r.wait)
    .filter((w) => w >= 0);
  return median(waits);
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
