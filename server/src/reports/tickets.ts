import { and, asc, eq, gte, inArray } from 'drizzle-orm';
import type { Report } from '@parley/protocol';
import type { Db } from '../db/store';
import { conversations, erasedConversations } from '../db/tables';
import { median } from '../routing/queue';

const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));
const day = (at: Date) => at.toISOString().slice(0, 10);
const isDone = (status: string) => status === 'resolved' || status === 'closed';

type TicketTable = typeof conversations | typeof erasedConversations;
const columns = (t: TicketTable) => ({
  createdAt: t.createdAt,
  status: t.status,
  firstResponseAt: t.firstResponseAt,
  resolvedAt: t.resolvedAt,
  category: t.category,
  priority: t.priority,
  reopens: t.reopens,
});

/** The sites' tickets made since `from`, held and erased (what privacy/erase.ts keeps of them), oldest first. */
async function ticketsSince(db: Db, siteIds: string[], from: Date) {
  const of = (t: TicketTable) =>
    db
      .select(columns(t))
      .from(t)
      .where(and(inArray(t.siteId, siteIds), eq(t.kind, 'ticket'), gte(t.createdAt, from)))
      .orderBy(asc(t.createdAt));
  return [...(await of(conversations)), ...(await of(erasedConversations))];
}

/**
 * The reports' tickets section over the tickets made since `from`: made and resolved per day
 * (a ticket counts as resolved on the day it last was, closed included), by category and by
 * priority; first response and resolution timed from the ticket's making; the reopen rate is
 * the share of the tickets ever resolved that a reply or an agent reopened.
 */
export async function ticketReport(db: Db, siteIds: string[], from: Date, dates: string[]): Promise<Report['tickets']> {
  const tickets = siteIds.length ? await ticketsSince(db, siteIds, from) : [];
  const days = new Map(dates.map((date) => [date, { date, created: 0, resolved: 0 }]));
  const byCategory = new Map<string | null, { category: string | null; created: number; resolved: number }>();
  const byPriority = new Map<Report['tickets']['byPriority'][number]['priority'], { priority: Report['tickets']['byPriority'][number]['priority']; created: number; resolved: number }>();
  const firstResponses: number[] = [];
  const resolutions: number[] = [];
  let resolved = 0;
  let everResolved = 0;
  let reopened = 0;
  for (const t of tickets) {
    const done = isDone(t.status);
    const category = byCategory.get(t.category) ?? byCategory.set(t.category, { category: t.category, created: 0, resolved: 0 }).get(t.category)!;
    const priority = byPriority.get(t.priority) ?? byPriority.set(t.priority, { priority: t.priority, created: 0, resolved: 0 }).get(t.priority)!;
    for (const bucket of [category, priority]) {
      bucket.created++;
      if (done) bucket.resolved++;
    }
    const made = days.get(day(t.createdAt));
    if (made) made.created++;
    if (done && t.resolvedAt) {
      resolved++;
      const on = days.get(day(t.resolvedAt));
      if (on) on.resolved++;
      resolutions.push(t.resolvedAt.getTime() - t.createdAt.getTime());
    }
    if (t.firstResponseAt) firstResponses.push(t.firstResponseAt.getTime() - t.createdAt.getTime());
    if (done || t.reopens > 0) everResolved++;
    if (t.reopens > 0) reopened++;
  }
  return {
    created: tickets.length,
    resolved,
    medianFirstResponseSeconds: seconds(median(firstResponses)),
    medianResolutionSeconds: seconds(median(resolutions)),
    reopenRate: everResolved === 0 ? null : reopened / everResolved,
    days: [...days.values()],
    byCategory: [...byCategory.values()],
    byPriority: [...byPriority.values()],
  };
}

/** One row per ticket made since `from`, for the CSV: those still held (an erased one has no reference or subject left). */
export async function ticketRows(db: Db, siteIds: string[], from: Date) {
  if (siteIds.length === 0) return [];
  return db
    .select({ reference: conversations.reference, subject: conversations.subject, ...columns(conversations) })
    .from(conversations)
    .where(and(inArray(conversations.siteId, siteIds), eq(conversations.kind, 'ticket'), gte(conversations.createdAt, from)))
    .orderBy(asc(conversations.createdAt));
}
