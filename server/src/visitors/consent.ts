import { and, desc, eq } from 'drizzle-orm';
import { createMiddleware } from 'hono/factory';
import type { ConsentRecord } from '@parley/protocol';
import { requireVisitor, type WidgetEnv } from '../auth/visitor-auth';
import type { Db } from '../db/store';
import { consentRecords } from '../db/tables';
import { ApiError } from '../http/errors';
import { consentAsked } from '../sites/sites';

export const consentRefused = () =>
  new ApiError(403, 'consent_required', 'This site asks for consent before the first message: agree to its current text (POST /v1/widget/consent)');

/** Records that `visitorId` agreed to `asked` (once per version: agreeing again changes nothing). */
export async function recordConsent(db: Db, visitorId: string, asked: { text: string; version: number }): Promise<ConsentRecord> {
  await db.insert(consentRecords).values({ visitorId, version: asked.version, text: asked.text }).onConflictDoNothing();
  const row = (
    await db
      .select()
      .from(consentRecords)
      .where(and(eq(consentRecords.visitorId, visitorId), eq(consentRecords.version, asked.version)))
  )[0]!;
  return { version: row.version, text: row.text, createdAt: row.createdAt.toISOString() };
}

/** The newest version `visitorId` agreed to; null if none. */
export async function consentVersionOf(db: Db, visitorId: string): Promise<number | null> {
  const row = (
    await db
      .select({ version: consentRecords.version })
      .from(consentRecords)
      .where(eq(consentRecords.visitorId, visitorId))
      .orderBy(desc(consentRecords.version))
      .limit(1)
  )[0];
  return row?.version ?? null;
}

/**
 * Refuses what would store a visitor's words (a new conversation, a message) while the site
 * asks for consent and this visitor has not agreed to its current version: 403
 * consent_required, before anything is written. Sites that do not ask pay one property read.
 */
export function requireConsent(db: Db) {
  return createMiddleware<WidgetEnv>(async (c, next) => {
    const { visitor, site } = requireVisitor(c);
    const asked = consentAsked(site);
    if (asked) {
      const agreed = await db
        .select({ version: consentRecords.version })
        .from(consentRecords)
        .where(and(eq(consentRecords.visitorId, visitor.id), eq(consentRecords.version, asked.version)));
      if (agreed.length === 0) throw consentRefused();
    }
    await next();
  });
}
