import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { WidgetEnv } from '../auth/visitor-auth';
import { cors } from '../http/cors';
import { ApiError } from '../http/errors';
import { originAllowed } from './origins';
import type { Db } from '../db/store';
import { notFound } from '../http/errors';
import { allAllowedOrigins, findSiteByKey } from './sites';
import type { SiteRow } from '../db/rows';

/**
 * Browsers send Origin on every cross-origin request and on same-origin POSTs: a request
 * from a page the site owner did not allow is refused, whatever CORS headers it got.
 * Requests without Origin (curl, server-to-server) carry no ambient browser credentials,
 * so they are judged by their token alone.
 */
export function assertOriginAllowed(c: Context, site: SiteRow): void {
  const origin = c.req.header('origin');
  if (origin !== undefined && !originAllowed(site.allowedOrigins, origin)) {
    throw new ApiError(403, 'origin_not_allowed', `Origin ${origin} is not allowed for this site`);
  }
}

/** The site a visitor request names by public key: 404 when unknown, 403 from a page it does not allow. */
export async function siteForVisitorRequest(c: Context, db: Db, publicKey: string): Promise<SiteRow> {
  const site = await findSiteByKey(db, publicKey);
  if (!site) throw notFound('Site');
  assertOriginAllowed(c, site);
  return site;
}

/**
 * The widget API's CORS: only origins the site allows are answered. Once the token names the
 * site, its own list decides; a preflight names no site, so it is answered for origins some
 * site allows, and the real request is then checked against its own site.
 */
export function widgetCors(db: Db) {
  return cors<WidgetEnv>({
    origin: async (origin, c) => {
      const site = c.get('site');
      const patterns = site ? site.allowedOrigins : await allAllowedOrigins(db);
      return originAllowed(patterns, origin) ? origin : null;
    },
    allowMethods: ['GET', 'POST', 'PATCH', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type', 'Last-Event-ID'],
    maxAgeSeconds: 600,
  });
}

/** Refuses a request whose token names a site that does not allow the page it comes from. */
export const siteOriginGuard = createMiddleware<WidgetEnv>(async (c, next) => {
  const site = c.get('site');
  if (site) assertOriginAllowed(c, site);
  await next();
});
