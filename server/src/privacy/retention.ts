import { and, count, eq, inArray, isNotNull, lt, notExists, sql, type SQL } from 'drizzle-orm';
import type { RetentionPreview } from '@parley/protocol';
import { audit } from '../audit/audit';
import type { Deps } from '../core/deps';
import type { Db } from '../db/store';
import { conversations, helpSessions, sites, visitors } from '../db/tables';
import { scrubDeleted } from '../db/scrub';
import { siteSettings } from '../sites/sites';
import { erase } from './erase';

const DAY_MS = 86_400_000;
/** Erased per transaction: a few milliseconds of the writer, which requests queue behind. */
const BATCH = 200;

// Functions, not constants: the tables are bound when the store opens (db/tables.ts).
/** Conversations past a retention: resolved before `before`. */
const expired = (before: Date): SQL => and(eq(conversations.status, 'resolved'), isNotNull(conversations.resolvedAt), lt(conversations.resolvedAt, before))!;
/** Visitors past a retention: last seen before `before`, with no conversation that is not past it too. */
const idle = (siteId: string, before: Date): SQL =>
  and(
    eq(visitors.siteId, siteId),
    lt(sql`coalesce(${visitors.lastSeenAt}, ${visitors.createdAt})`, before),
    notExists(sql`(select 1 from ${conversations} where ${conversations.visitorId} = ${visitors.id} and not (${expired(before)}))`),
  )!;

/** What a retention of `days` days erases from the site now (the settings page shows it before saving). */
export async function retentionPreview(db: Db, siteId: string, days: number, now = new Date()): Promise<RetentionPreview> {
  const before = new Date(now.getTime() - days * DAY_MS);
  const [convs, people] = await Promise.all([
    db
      .select({ n: count() })
      .from(conversations)
      .where(and(eq(conversations.siteId, siteId), expired(before))),
    db.select({ n: count() }).from(visitors).where(idle(siteId, before)),
  ]);
  return { days, before: before.toISOString(), conversations: convs[0]?.n ?? 0, visitors: people[0]?.n ?? 0 };
}

/**
 * Erases, in every site with `privacy.retentionDays`, the conversations resolved longer ago,
 * then the visitors left with none who were last seen as long ago — the same erasure as a
 * contact's (erase.ts) — and help visits (their searches) as old, a batch at a time. Runs hourly with the events log's pruning; each
 * site's run leaves one audit entry with the counts. `stopping` ends it between batches.
 */
export async function applyRetention(deps: Pick<Deps, 'db' | 'bus' | 'config'>, now = new Date(), stopping = () => false) {
  const { db } = deps;
  const totals = { conversations: 0, visitors: 0 };
  for (const site of await db.select().from(sites)) {
    const days = siteSettings(site).privacy.retentionDays;
    if (days === null) continue;
    const before = new Date(now.getTime() - days * DAY_MS);
    const erased = { conversations: 0, visitors: 0, helpVisits: 0 };
    const batches = [
      async () => {
        const ids = (
          await db
            .select({ id: conversations.id })
            .from(conversations)
            .where(and(eq(conversations.siteId, site.id), expired(before)))
            .limit(BATCH)
        ).map((r) => r.id);
        if (ids.length) erased.conversations += await erase(deps, { siteId: site.id, visitorIds: [], conversationIds: ids }, { scrub: false });
        return ids.length;
      },
      async () => {
        const ids = (await db.select({ id: visitors.id }).from(visitors).where(idle(site.id, before)).limit(BATCH)).map((r) => r.id);
        if (ids.length) await erase(deps, { siteId: site.id, visitorIds: ids, conversationIds: [] }, { scrub: false });
        erased.visitors += ids.length;
        return ids.length;
      },
      async () => {
        const old = and(eq(helpSessions.siteId, site.id), lt(helpSessions.lastAt, before));
        const ids = (await db.select({ id: helpSessions.id }).from(helpSessions).where(old).limit(BATCH)).map((r) => r.id);
        if (ids.length) await db.delete(helpSessions).where(inArray(helpSessions.id, ids));
        erased.helpVisits += ids.length;
        return ids.length;
      },
    ];
    for (const batch of batches) while (!stopping() && (await batch()) === BATCH);
    if (erased.conversations + erased.visitors + erased.helpVisits > 0) await audit(db, { accountId: site.accountId, id: null }, 'privacy.retention', site.id, { days, ...erased });
    totals.conversations += erased.conversations;
    totals.visitors += erased.visitors;
  }
  if (totals.conversations + totals.visitors > 0) await scrubDeleted(db);
  return totals;
}
