import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { IdentifyBody, UpdateVisitorBody, type VisitorProfile } from '@parley/protocol';
import type { AppDeps } from '../core/deps';
import { visitors } from '../db/schema';
import { ApiError } from '../http/errors';
import { clientIp, rateLimit, RateLimiter } from '../http/rate-limit';
import { validate } from '../http/validate';
import { siteForVisitorRequest } from '../sites/origin-guard';
import { identifyVisitor, verifyUserHash } from './identity';
import { describeUserAgent } from './user-agent';
import { requireVisitor, type VisitorRow, type WidgetEnv } from '../auth/visitor-auth';

export function toProfile(v: VisitorRow): VisitorProfile {
  return { visitorId: v.id, userId: v.userId, name: v.name, email: v.email, phone: v.phone, locale: v.locale, attributes: v.attributes };
}

/** `Parley('identify')` and `Parley('update')`: who the visitor is; GET what is known (the widget prefills emails from it). */
export function profileRoutes(deps: AppDeps) {
  const { db } = deps;
  const perIp = RateLimiter.perMinute(deps.config.PARLEY_RATE_VISITORS_PER_IP);
  return new Hono<WidgetEnv>()
    .post('/identify', rateLimit(perIp, clientIp), validate('json', IdentifyBody), (c) => {
      const input = c.req.valid('json');
      const site = siteForVisitorRequest(c, db, input.site);
      if (!verifyUserHash(site.secret, input.userId, input.userHash)) {
        throw new ApiError(403, 'forbidden', 'userHash does not match userId: compute it with the site secret');
      }
      return c.json(identifyVisitor(deps, site, c.get('visitor'), input));
    })
    .get('/visitor', (c) => c.json(toProfile(requireVisitor(c).visitor)))
    .patch('/visitor', validate('json', UpdateVisitorBody), (c) => {
      const { visitor } = requireVisitor(c);
      const { attributes, page, ...fields } = c.req.valid('json');
      const merged = { ...visitor.attributes };
      for (const [k, v] of Object.entries(attributes ?? {})) {
        if (v === null) delete merged[k];
        else merged[k] = v;
      }
      if (Object.keys(merged).length > 50) throw new ApiError(400, 'invalid_request', 'attributes: must have at most 50 attributes');
      // The browser is read again with the page: an identified user may be on another device.
      const seen = page === undefined ? {} : { pageUrl: page, pageSeenAt: new Date(), browser: describeUserAgent(c.req.header('user-agent')) };
      const row = db.update(visitors).set({ ...fields, ...seen, attributes: merged }).where(eq(visitors.id, visitor.id)).returning().get();
      return c.json(toProfile(row));
    });
}
