import type { Context } from 'hono';
import { ApiError } from '../http/errors';
import { originAllowed } from './origins';
import type { Db } from '../db/connection';
import { notFound } from '../http/errors';
import { findSiteByKey, type SiteRow } from './sites';

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
export function siteForVisitorRequest(c: Context, db: Db, publicKey: string): SiteRow {
  const site = findSiteByKey(db, publicKey);
  if (!site) throw notFound('Site');
  assertOriginAllowed(c, site);
  return site;
}
