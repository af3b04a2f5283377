import { and, asc, eq, gt, gte, or } from 'drizzle-orm';
import type { Report, ReportQuery } from '@parley/protocol';
import type { Db } from '../db/store';
import { agents, conversations, erasedConversations, sites } from '../db/tables';
import { median } from '../routing/queue';
import { slaState } from '../sla/deadlines';
import { accountSite } from '../sites/access';
import { selfServiceReport } from './self-service';
import { ticketReport } from './tickets';

const DAY_MS = 86_400_000;
/**
 * Conversations read per query. A report spans up to a year of an account's conversations:
 * read in pages with other requests let in between, it never holds the process for long
 * (all 10,000 conversations at once took ~0.4 s).
 */
const PAGE = 2000;

const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));
const rate = (n: number, of: number) => (of === 0 ? null : n / of);
const average = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

type Counted = typeof conversations | typeof erasedConversations;
const columns = (t: Counted) => ({
  id: t.id,
  createdAt: t.createdAt,
  status: t.status,
  assigneeId: t.assigneeId,
  queuedAt: t.queuedAt,
  firstResponseAt: t.firstResponseAt,
  resolvedAt: t.resolvedAt,
  rating: t.rating,
  firstResponseDueAt: t.firstResponseDueAt,
  resolutionDueAt: t.resolutionDueAt,
});

/**
 * A site's conversations created since `from`, a page at a time, oldest first (by index):
 * those held, then what is kept of the erased ones (privacy/erase.ts), so erasing a person
 * leaves the counts as they were. Tables are passed in, never captured: they are bound when
 * the store opens (db/tables.ts).
 */
async function* pagesOf(
  db: Db,
  t: Counted,
  siteId: string,
  from: Date,
  channel: ReportQuery['channel'],
): AsyncGenerator<Array<{ [K in keyof ReturnType<typeof columns>]: (typeof conversations.$inferSelect)[K] }>> {
  let after: { createdAt: Date; id: string } | undefined;
  for (;;) {
    const next = after ? or(gt(t.createdAt, after.createdAt), and(eq(t.createdAt, after.createdAt), gt(t.id, after.id))) : gte(t.createdAt, from);
    const page = await db
      .select(columns(t))
      .from(t)
      .where(and(eq(t.siteId, siteId), next, channel ? eq(t.channel, channel) : undefined))
      .orderBy(asc(t.createdAt), asc(t.id))
      .limit(PAGE);
    if (page.length > 0) yield page;
    if (page.length < PAGE) return;
    after = page.at(-1)!;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The pages of a site's conversations, then of what is kept of its erased ones. */
async function* countedPagesOf(db: Db, siteId: string, from: Date, channel: ReportQuery['channel']) {
  for (const t of [conversations, erasedConversations]) yield* pagesOf(db, t, siteId, from, channel);
}

interface Tally {
  conversations: number;
  resolved: number;
  firstResponses: number[];
  ratings: number[];
}
const tally = (): Tally => ({ conversations: 0, resolved: 0, firstResponses: [], ratings: [] });

/** The sites a report covers: the one asked for (the account's, else 404), or all of the account's. */
export async function reportSites(db: Db, accountId: string, q: Pick<ReportQuery, 'siteId'>): Promise<string[]> {
  if (q.siteId) return [(await accountSite(db, accountId, q.siteId)).id];
  return (await db.select({ id: sites.id }).from(sites).where(eq(sites.accountId, accountId))).map((s) => s.id);
}

/** The first UTC day of a report of `days` days up to `now`. */
export const reportStart = (now: Date, days: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (days - 1) * DAY_MS);

/**
 * The reports page over the conversations created in the last `days` days (UTC days).
 * Bot-resolved: resolved without ever reaching the queue. Handed off: reached the queue.
 * First response is measured from entering the queue; resolution from the conversation's start.
 * CSAT is the 1–5 rating; "satisfied" is 4 or 5.
 */
export async function buildReport(db: Db, accountId: string, q: ReportQuery, now = new Date()): Promise<Report> {
  const from = reportStart(now, q.days);
  const siteIds = await reportSites(db, accountId, q);

  const days = new Map<string, Report['days'][number]>();
  for (let t = from.getTime(); t <= now.getTime(); t += DAY_MS) {
    const date = new Date(t).toISOString().slice(0, 10);
    days.set(date, { date, conversations: 0, botResolved: 0, handedOff: 0 });
  }
  const all = tally();
  const resolutions: number[] = [];
  const byAgent = new Map<string, Tally>();
  let botResolved = 0;
  let handedOff = 0;
  const breaches = { firstResponse: 0, resolution: 0 };
  const breached = (due: Date | null, done: Date | null) => slaState(due, done, now) === 'breached';

  for (const siteId of siteIds)
    for await (const page of countedPagesOf(db, siteId, from, q.channel)) {
      for (const c of page) {
        const day = days.get(c.createdAt.toISOString().slice(0, 10));
        const toPerson = c.queuedAt !== null || c.assigneeId !== null;
        const done = c.status === 'resolved' || c.status === 'closed';
        const byBot = done && !toPerson;
        const firstResponse = c.firstResponseAt && c.queuedAt ? c.firstResponseAt.getTime() - c.queuedAt.getTime() : null;
        const agent = c.assigneeId === null ? undefined : (byAgent.get(c.assigneeId) ?? byAgent.set(c.assigneeId, tally()).get(c.assigneeId)!);
        for (const t of agent ? [all, agent] : [all]) {
          t.conversations++;
          if (done) t.resolved++;
          if (firstResponse !== null && firstResponse >= 0) t.firstResponses.push(firstResponse);
          if (c.rating) t.ratings.push(c.rating);
        }
        if (day) {
          day.conversations++;
          if (byBot) day.botResolved++;
          if (toPerson) day.handedOff++;
        }
        if (byBot) botResolved++;
        if (toPerson) handedOff++;
        if (c.resolvedAt && c.resolvedAt >= c.createdAt) resolutions.push(c.resolvedAt.getTime() - c.createdAt.getTime());
        if (breached(c.firstResponseDueAt, c.firstResponseAt)) breaches.firstResponse++;
        if (breached(c.resolutionDueAt, c.resolvedAt)) breaches.resolution++;
      }
    }

  const names = new Map((await db.select({ id: agents.id, name: agents.name }).from(agents).where(eq(agents.accountId, accountId))).map((a) => [a.id, a.name]));
  return {
    from: from.toISOString(),
    to: now.toISOString(),
    days: [...days.values()],
    totals: {
      conversations: all.conversations,
      botResolutionRate: rate(botResolved, all.conversations),
      handoffRate: rate(handedOff, all.conversations),
      medianFirstResponseSeconds: seconds(median(all.firstResponses)),
      medianResolutionSeconds: seconds(median(resolutions)),
      csat: { average: average(all.ratings), ratings: all.ratings.length, satisfiedRate: rate(all.ratings.filter((r) => r >= 4).length, all.ratings.length) },
      slaBreaches: breaches,
    },
    agents: [...byAgent].map(([id, t]) => ({
      id,
      name: names.get(id) ?? id,
      conversations: t.conversations,
      resolved: t.resolved,
      medianFirstResponseSeconds: seconds(median(t.firstResponses)),
      csatAverage: average(t.ratings),
      ratings: t.ratings.length,
    })),
    selfService: await selfServiceReport(db, siteIds, from),
    tickets: await ticketReport(db, siteIds, from, [...days.keys()]),
  };
}
