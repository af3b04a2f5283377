import { and, count, eq, inArray, isNull, isNotNull, gt } from 'drizzle-orm';
import type { Db } from '../db/store';
import { agents, conversations, sites } from '../db/tables';
import type { ConversationRow } from '../db/rows';
import { ACTIVE_STATUSES, queueOrder, waitingWhere } from '../sla/queue-order';
import type { Candidate } from './pick-agent';

/** The account's waiting conversations, in the order routing serves them. */
export async function queuedConversations(db: Db, accountId: string): Promise<ConversationRow[]> {
  return (
    await db
      .select({ c: conversations })
      .from(conversations)
      .innerJoin(sites, eq(sites.id, conversations.siteId))
      .where(and(eq(sites.accountId, accountId), waitingWhere()))
      .orderBy(...queueOrder())
  ).map((r) => r.c);
}

/** Accounts with anyone waiting: what a sweep drains. */
export async function accountsWithQueue(db: Db): Promise<string[]> {
  return (
    await db.selectDistinct({ accountId: sites.accountId }).from(conversations).innerJoin(sites, eq(sites.id, conversations.siteId)).where(waitingWhere())
  ).map((r) => r.accountId);
}

/** How many unresolved conversations each agent holds. */
async function agentLoads(db: Db, agentIds: readonly string[]): Promise<Map<string, number>> {
  if (agentIds.length === 0) return new Map();
  const rows = await db
    .select({ agentId: conversations.assigneeId, n: count() })
    .from(conversations)
    .where(and(inArray(conversations.assigneeId, [...agentIds]), inArray(conversations.status, [...ACTIVE_STATUSES])))
    .groupBy(conversations.assigneeId);
  return new Map(rows.map((r) => [r.agentId!, r.n]));
}

/**
 * Whether the agent can take one more conversation. Read inside the assigning transaction,
 * where it counts what other processes' routing committed (and SERIALIZABLE makes two
 * routings filling the last slot at once conflict, so one retries and finds it taken).
 */
export async function hasRoom(db: Db, agent: { id: string; maxChats: number }): Promise<boolean> {
  return ((await agentLoads(db, [agent.id])).get(agent.id) ?? 0) < agent.maxChats;
}

/** The agents as given, each with its current load: one query for the whole team. */
export async function withLoads<A extends { id: string }>(db: Db, team: readonly A[]): Promise<Array<A & { load: number }>> {
  const loads = await agentLoads(
    db,
    team.map((a) => a.id),
  );
  return team.map((a) => ({ ...a, load: loads.get(a.id) ?? 0 }));
}

/** Online, active agents of the account, with their current load. */
export async function onlineCandidates(db: Db, accountId: string): Promise<Candidate[]> {
  const online = await db
    .select()
    .from(agents)
    .where(and(eq(agents.accountId, accountId), eq(agents.presence, 'online'), isNull(agents.deactivatedAt)));
  return (await withLoads(db, online)).map((a) => ({
    id: a.id,
    languages: a.languages,
    skills: a.skills,
    maxChats: a.maxChats,
    load: a.load,
    lastAssignedAt: a.lastAssignedAt,
  }));
}

/** 1-based place in the account's queue, or null when the conversation is not waiting. */
export async function queuePosition(db: Db, accountId: string, conversationId: string): Promise<number | null> {
  const i = (await queuedConversations(db, accountId)).findIndex((c) => c.id === conversationId);
  return i < 0 ? null : i + 1;
}

const WEEK_MS = 7 * 24 * 3_600_000;

/**
 * The expected wait shown to a queued visitor: the median time from queueing to the first
 * agent reply over the site's last 7 days, or null without any such reply yet.
 */
export async function medianFirstResponseMs(db: Db, siteId: string, now = new Date()): Promise<number | null> {
  const waits = (
    await db
      .select({ queuedAt: conversations.queuedAt, firstResponseAt: conversations.firstResponseAt })
      .from(conversations)
      .where(and(eq(conversations.siteId, siteId), isNotNull(conversations.queuedAt), gt(conversations.firstResponseAt, new Date(now.getTime() - WEEK_MS))))
  )
    .map((r) => r.firstResponseAt!.getTime() - r.queuedAt!.getTime())
    .filter((w) => w >= 0);
  return median(waits);
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
