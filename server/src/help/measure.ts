import { randomBytes } from 'node:crypto';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/store';
import { helpSearches, helpSessions } from '../db/tables';

/*
 * Self-service, measured: each visit to the help center or the widget's Help view is a
 * session with its views and searches; a session that goes on to start a conversation is
 * escalated, the others were deflected (reports/self-service.ts). Nothing here names a person
 * until the visit becomes a conversation, or the widget's visitor was already known.
 */

/** A help center visit ends after this long without a page. */
export const PAGE_SESSION_IDLE_MS = 30 * 60_000;
/** A search typed on within this long (the widget searches as the visitor types) replaces the one before. */
const TYPING_MS = 60_000;
const QUERY_MAX = 200;

export const newHelpSessionId = () => `hs_${randomBytes(16).toString('base64url')}`;

/**
 * A page of the help center seen in the page session `id` (its cookie's), or in a new one
 * when that one is unknown, another site's or idle too long. Returns the session's id.
 */
export async function pageSeen(db: Db, siteId: string, id: string | undefined): Promise<string> {
  const now = new Date();
  if (id) {
    const touched = await db
      .update(helpSessions)
      .set({ lastAt: now, views: sql`${helpSessions.views} + 1` })
      .where(
        and(
          eq(helpSessions.id, id),
          eq(helpSessions.siteId, siteId),
          eq(helpSessions.source, 'page'),
          gt(helpSessions.lastAt, new Date(now.getTime() - PAGE_SESSION_IDLE_MS)),
        ),
      )
      .returning({ id: helpSessions.id });
    if (touched.length) return id;
  }
  const fresh = newHelpSessionId();
  await db.insert(helpSessions).values({ id: fresh, siteId, source: 'page', startedAt: now, lastAt: now, views: 1 });
  return fresh;
}

/**
 * The widget's Help view at work in the session the widget named (one per page load): made
 * on first use, tied to the visitor once known. False when the id is another site's, so
 * nothing is recorded under it.
 */
export async function widgetHelpUsed(db: Db, s: { id: string; siteId: string; visitorId: string | null }, views: 0 | 1): Promise<boolean> {
  const now = new Date();
  const rows = await db
    .insert(helpSessions)
    .values({ id: s.id, siteId: s.siteId, visitorId: s.visitorId, source: 'widget', startedAt: now, lastAt: now, views })
    .onConflictDoUpdate({
      target: helpSessions.id,
      set: { lastAt: now, views: sql`${helpSessions.views} + ${views}`, visitorId: sql`coalesce(${helpSessions.visitorId}, ${s.visitorId})` },
      setWhere: and(eq(helpSessions.siteId, s.siteId), eq(helpSessions.source, 'widget')),
    })
    .returning({ id: helpSessions.id });
  return rows.length > 0;
}

/**
 * A search in a session and how many articles it found. The widget searches as the visitor
 * types: a query that extends (or trims) the session's last one within a minute replaces
 * it, so "how do I re", "how do I ret", "how do I return" count as one search.
 */
export async function searched(db: Db, session: { id: string; siteId: string }, q: string, results: number): Promise<void> {
  const query = q.replace(/\s+/g, ' ').trim().slice(0, QUERY_MAX);
  if (!query) return;
  const now = new Date();
  const [last] = await db
    .select({ id: helpSearches.id, query: helpSearches.query })
    .from(helpSearches)
    .where(and(eq(helpSearches.sessionId, session.id), gt(helpSearches.createdAt, new Date(now.getTime() - TYPING_MS))))
    .orderBy(desc(helpSearches.id))
    .limit(1);
  const [a, b] = [query.toLowerCase(), last?.query.toLowerCase()];
  if (last && b !== undefined && (a.startsWith(b) || b.startsWith(a))) {
    await db.update(helpSearches).set({ query, results, createdAt: now }).where(eq(helpSearches.id, last.id));
    return;
  }
  await db.insert(helpSearches).values({ siteId: session.siteId, sessionId: session.id, query, results, createdAt: now });
}

/** A conversation started from a help session: it was not deflected; its searches now belong to the visitor. */
export async function escalated(db: Db, siteId: string, sessionId: string, visitorId: string): Promise<void> {
  await db
    .update(helpSessions)
    .set({ escalatedAt: new Date(), visitorId: sql`coalesce(${helpSessions.visitorId}, ${visitorId})` })
    .where(and(eq(helpSessions.id, sessionId), eq(helpSessions.siteId, siteId), isNull(helpSessions.escalatedAt)));
}
