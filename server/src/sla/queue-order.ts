import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm';
import type { ConversationRow } from '../db/rows';
import { conversations } from '../db/tables';

/*
 * The queue's rules, shared by routing (which serves it), the inbox's lists (which show it)
 * and reports: what counts as waiting and in what order it is served.
 */

/** Statuses that hold one of an agent's slots. */
export const ACTIVE_STATUSES = ['open', 'snoozed'] as const;

// Functions, not constants: the tables are bound when the store opens (db/tables.ts).
// Urgent first; an untriaged conversation waits like a medium one.
const priorityRank = () => sql`case ${conversations.priority} when 'urgent' then 3 when 'high' then 2 when 'low' then 0 else 1 end`;

/** Waiting for a person: handed off and nobody has it yet. The queue, the Unassigned view and routing all mean this. */
export const waitingWhere = () => and(eq(conversations.status, 'queued'), isNull(conversations.assigneeId));
export const isWaiting = (c: Pick<ConversationRow, 'status' | 'assigneeId'>) => c.status === 'queued' && !c.assigneeId;

/** The order the queue is served in: priority, then first come first served. */
export const queueOrder = () => [desc(priorityRank()), asc(sql`coalesce(${conversations.queuedAt}, ${conversations.createdAt})`), asc(conversations.createdAt)];
