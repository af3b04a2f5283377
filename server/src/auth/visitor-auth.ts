import type { VisitorRow } from '../db/rows';
import { eq, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Db } from '../db/store';
import { sites, visitors, visitorTokens } from '../db/tables';
import { preparedFor } from '../db/prepared';
import { visitorByTokenHash } from '../db/visitor-lookup';
import { ApiError } from '../http/errors';
import { routeLimit, takenWith } from '../http/rate-limit';
import { hashToken } from './tokens';
import type { SiteRow } from '../db/rows';

export interface WidgetEnv {
  Variables: { site?: SiteRow; visitor?: VisitorRow; badToken?: boolean };
}

// An identified user's other devices hold extra tokens (visitor_tokens): the fallback lookup.
const visitorByExtraToken = preparedFor('visitorByExtraToken', (db) =>
  db
    .select({ visitor: visitors, site: sites })
    .from(visitorTokens)
    .innerJoin(visitors, eq(visitors.id, visitorTokens.visitorId))
    .innerJoin(sites, eq(sites.id, visitors.siteId))
    .where(eq(visitorTokens.tokenHash, sql.placeholder('hash'))),
);

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
  // On PostgreSQL the lookup also takes the route's per-visitor token (db/visitor-lookup.ts).
  const byTokenHash = async (c: Context<WidgetEnv>, hash: string) => {
    const limiter = routeLimit(c, visitorKey);
    const found = await visitorByTokenHash(db, hash, limiter?.shared);
    if (limiter && found?.taken !== undefined) takenWith(c, limiter, found.taken);
    return found;
  };
  return createMiddleware<WidgetEnv>(async (c, next) => {
    const token = bearer(c.req.header('authorization')) ?? (c.req.path.endsWith('/stream') ? c.req.query('token') : undefined);
    if (token) {
      const hash = hashToken(token);
      const found = (await byTokenHash(c, hash)) ?? (await visitorByExtraToken(db).execute({ hash }))[0];
      if (found) {
        c.set('visitor', found.visitor);
        c.set('site', found.site);
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

/** The per-visitor rate-limit key: the visitor's id, or none (then the route answers 401 itself). */
export const visitorKey = (c: Context<WidgetEnv>): string | null => c.get('visitor')?.id ?? null;
