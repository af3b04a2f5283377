import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Db } from '../db/connection';
import { visitors } from '../db/schema';
import { ApiError } from '../http/errors';
import { hashToken } from '../auth/tokens';
import { findSiteById, type SiteRow } from '../sites/sites';

export type VisitorRow = typeof visitors.$inferSelect;

export interface WidgetEnv {
  Variables: { site?: SiteRow; visitor?: VisitorRow; badToken?: boolean };
}

function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m?.[1];
}

/**
 * Resolves the visitor (and so the site) from `Authorization: Bearer`, or from `?token=` on
 * the stream, which EventSource opens without headers. It only sets variables, never
 * answers: CORS must still run so the browser can read a 401. Routes call requireVisitor.
 */
export function resolveVisitor(db: Db) {
  return createMiddleware<WidgetEnv>(async (c, next) => {
    const token = bearer(c.req.header('authorization')) ?? (c.req.path.endsWith('/stream') ? c.req.query('token') : undefined);
    if (token) {
      const visitor = db.select().from(visitors).where(eq(visitors.tokenHash, hashToken(token))).get();
      if (visitor) {
        c.set('visitor', visitor);
        c.set('site', findSiteById(db, visitor.siteId));
      } else c.set('badToken', true);
    }
    await next();
  });
}

export function requireVisitor(c: Context<WidgetEnv>): { visitor: VisitorRow; site: SiteRow } {
  const visitor = c.get('visitor');
  const site = c.get('site');
  if (c.get('badToken')) throw new ApiError(401, 'unauthorized', 'Unknown or expired visitor token');
  if (!visitor || !site) throw new ApiError(401, 'unauthorized', 'Missing visitor token: send Authorization: Bearer <token>');
  return { visitor, site };
}
