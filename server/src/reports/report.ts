import { and, eq, gte, type SQL } from 'drizzle-orm';
import type { Report, ReportQuery } from '@parley/protocol';
import type { Db } from '../db/connection';
import { agents, conversations, sites } from '../db/schema';
import { median } from '../routing/queue';
import { slaState } from '../sla/deadlines';

const DAY_MS = 86_400_000;
const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));
const rate = (n: number, of: number) => (of === 0 ? null : n / of);
const average = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

/**
 * The reports page over the conversations created in the last `days` days (UTC days).
 * Bot-resolved: resolved without ever reaching the queue. Handed off: reached the queue.
 * First response is measured from entering the queue; resolution from the conversation's start.
 * CSAT is the 1–5 rating; "satisfied" is 4 or 5.
 */
export function buildReport(db: Db, accountId: string, q: ReportQuery, now = new Date()): Report {
  const to = now;
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (q.days - 1) * DAY_MS);
  const where: SQL[] = [eq(sites.accountId, accountId), gte(conversations.createdAt, from)];
  if (q.siteId) where.push(eq(conversations.siteId, q.siteId));
  const rows = db
    .select({ c: conversations })
    .from(conversations)
    .innerJoin(sites, eq(sites.id, conversations.siteId))
    .where(and(...where))
    .all()
    .map((r) => r.c);

  const handedOff = (c: (typeof rows)[number]) => c.queuedAt !== null || c.assigneeId !== null;
  const botResolved = (c: (typeof rows)[number]) => c.status === 'resolved' && !handedOff(c);
  const firstResponse = (c: (typeof rows)[number]) => (c.firstResponseAt && c.queuedAt ? c.firstResponseAt.getTime() - c.queuedAt.getTime() : null);
  const resolution = (c: (typeof rows)[number]) => (c.resolvedAt ? c.resolvedAt.getTime() - c.createdAt.getTime() : null);
  const nonNull = (xs: Array<number | null>) => xs.filter((x): x is number => x !== null && x >= 0);

  // Grouped once: a 90-day report over 10k conversations filtered every row per day.
  const byDay = groupBy(rows, (c) => c.createdAt.toISOString().slice(0, 10));
  const days: Report['days'] = [];
  for (let t = from.getTime(); t <= to.getTime(); t += DAY_MS) {
    const date = new Date(t).toISOString().slice(0, 10);
    const today = byDay.get(date) ?? [];
    days.push({ date, conversations: today.length, botResolved: today.filter(botResolved).length, handedOff: today.filter(handedOff).length });
  }

  const ratings = rows.flatMap((c) => (c.rating ? [c.rating] : []));
  const breached = (due: Date | null, done: Date | null) => slaState(due, done, now) === 'breached';
  const names = new Map(db.select({ id: agents.id, name: agents.name }).from(agents).where(eq(agents.accountId, accountId)).all().map((a) => [a.id, a.name]));
  const byAgent = groupBy(rows, (c) => c.assigneeId);

  return {
    from: from.toISOString(),
    to: to.toISOString(),
    days,
    totals: {
      conversations: rows.length,
      botResolutionRate: rate(rows.filter(botResolved).length, rows.length),
      handoffRate: rate(rows.filter(handedOff).length, rows.length),
      medianFirstResponseSeconds: seconds(median(nonNull(rows.map(firstResponse)))),
      medianResolutionSeconds: seconds(median(nonNull(rows.map(resolution)))),
      csat: { average: average(ratings), ratings: ratings.length, satisfiedRate: rate(ratings.filter((r) => r >= 4).length, ratings.length) },
      slaBreaches: {
        firstResponse: rows.filter((c) => breached(c.firstResponseDueAt, c.firstResponseAt)).length,
        resolution: rows.filter((c) => breached(c.resolutionDueAt, c.resolvedAt)).length,
      },
    },
    agents: [...byAgent].map(([id, cs]) => {
      const rated = cs.flatMap((c) => (c.rating ? [c.rating] : []));
      return {
        id,
        name: names.get(id) ?? id,
        conversations: cs.length,
        resolved: cs.filter((c) => c.status === 'resolved').length,
        medianFirstResponseSeconds: seconds(median(nonNull(cs.map(firstResponse)))),
        csatAverage: average(rated),
        ratings: rated.length,
      };
    }),
  };
}

/** The items by key, in their order; items whose key is null are left out. */
function groupBy<T>(items: readonly T[], key: (item: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === null) continue;
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
