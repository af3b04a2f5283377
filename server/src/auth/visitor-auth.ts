import type { VisitorRow } from '../db/rows';
import { eq, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { Db } from '../db/store';
import { sites, visitors, visitorTokens } from '../db/tables';
import { preparedFor } from '../db/prepared';
import { takeTokenSql } from '../db/rate-buckets';
import { ApiError } from '../http/errors';
import { routeLimit, takenWith } from '../http/rate-limit';
import { hashToken } from './tokens';
import type { SiteRow } from '../db/rows';

export interface WidgetEnv {
  Variables: { site?: SiteRow; visitor?: VisitorRow; badToken?: boolean };
}

// Runs on every visitor request: one prepared join instead of two built queries.
const visitorByTokenHash = preparedFor('visitorByTokenHash', (db) =>
  db
    .select({ visitor: visitors, site: sites })
    .from(visitors)
    .innerJoin(sites, eq(sites.id, visitors.siteId))
    .where(eq(visitors.tokenHash, sql.placeholder('hash'))),
);

const ph = sql.placeholder;

/*
 * The same lookup taking a token from the route's per-visitor limit when its buckets are in
 * PostgreSQL (shared by every process): a visitor's message is then one round trip fewer, the
 * largest cost per message there (docs/benchmarks.md). `remaining` is null when refused or
 * when no visitor has the token.
 */
const visitorByTokenHashTaking = preparedFor('visitorByTokenHashTaking', (db) => {
  const taken = db.$with('taken', { remaining: sql<number>`remaining` }).as(
    takeTokenSql(sql`${ph('bucket')}::text || ${visitors.id}`, sql`${ph('perMinute')}`, sql`${ph('burst')}`, sql`from ${visitors} where ${visitors.tokenHash} = ${ph('hash')}`),
  );
  return db
    .with(taken)
    .select({ visitor: visitors, site: sites, remaining: sql<number | null>`(select remaining from ${taken})` })
    .from(visitors)
    .innerJoin(sites, eq(sites.id, visitors.siteId))
    .where(eq(visitors.tokenHash, ph('hash')));
});

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
  const byTokenHash = async (c: Context<WidgetEnv>, hash: string) => {
    const limiter = routeLimit(c, visitorKey);
    if (!limiter?.shared) return (await visitorByTokenHash(db).execute({ hash }))[0];
    const { name, perMinute, burst } = limiter.shared;
    const [found] = await visitorByTokenHashTaking(db).execute({ hash, bucket: `${name}:`, perMinute, burst });
    if (found) takenWith(c, limiter, found.remaining !== null);
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
