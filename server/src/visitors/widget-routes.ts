import { Hono } from 'hono';
import { ConsentBody, CreateVisitorBody, IdentifyBody, UpdateVisitorBody, type VisitorProfile, type VisitorSession } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { hashToken, newToken } from '../auth/tokens';
import { requireVisitor, type WidgetEnv } from '../auth/visitor-auth';
import { newId } from '../db/ids';
import type { SiteRow, VisitorRow } from '../db/rows';
import type { Db } from '../db/store';
import { visitors } from '../db/tables';
import { ApiError } from '../http/errors';
import { clientIp, rateLimit } from '../http/rate-limit';
import { rateLimiter } from '../core/limits';
import { validate } from '../http/validate';
import { logHead } from '../realtime/event-log';
import { siteForVisitorRequest } from '../sites/origin-guard';
import { consentAsked } from '../sites/sites';
import { consentRefused, consentVersionOf, recordConsent } from './consent';
import { identifyVisitor, verifyUserHash } from './identity';
import { mergeAttributes } from './attributes';
import { updateVisitor } from './contact-update';
import { describeUserAgent } from './user-agent';

/** POST /v1/widget/visitors: a new anonymous visitor of a site, and its token. */
export function visitorWidgetRoutes(deps: Deps) {
  const { db, config } = deps;
  const perIp = rateLimiter(deps, 'visitors-per-ip', config.PARLEY_RATE_VISITORS_PER_IP);
  return new Hono<WidgetEnv>().post('/', rateLimit(perIp, clientIp), validate('json', CreateVisitorBody), async (c) => {
    const input = c.req.valid('json');
    const site = await siteForVisitorRequest(c, db, input.site);
    // Nothing is stored of a visitor who has not agreed to what the site asks them to.
    const asked = consentAsked(site);
    if (asked && input.consent !== asked.version) throw consentRefused();
    const token = newToken('vt');
    const id = newId('v');
    await db.insert(visitors).values({
      id,
      siteId: site.id,
      tokenHash: hashToken(token),
      name: input.name ?? null,
      email: input.email ?? null,
      phone: input.phone ?? null,
      locale: input.locale ?? null,
      pageUrl: input.page ?? null,
      pageSeenAt: input.page ? new Date() : null,
      browser: describeUserAgent(c.req.header('user-agent')),
    });
    if (asked) await recordConsent(db, id, asked);
    // A new visitor has no events yet: their stream starts where the log is now.
    const body: VisitorSession = { visitorId: id, token, eventCursor: await logHead(db) };
    return c.json(body, 201);
  });
}

// The page report PATCHes this once per navigation: a site that asks for no consent costs it no read.
async function toProfile(db: Db, site: SiteRow, v: VisitorRow): Promise<VisitorProfile> {
  const consentVersion = consentAsked(site) ? await consentVersionOf(db, v.id) : null;
  return { visitorId: v.id, userId: v.userId, name: v.name, email: v.email, phone: v.phone, locale: v.locale, attributes: v.attributes, consentVersion };
}

/** POST /v1/widget/identify, `Parley('identify')`: a verified user signs in on this device (identity.ts). */
export function identifyWidgetRoutes(deps: Deps) {
  const perIp = rateLimiter(deps, 'identifies-per-ip', deps.config.PARLEY_RATE_VISITORS_PER_IP);
  return new Hono<WidgetEnv>().post('/', rateLimit(perIp, clientIp), validate('json', IdentifyBody), async (c) => {
    const input = c.req.valid('json');
    const site = await siteForVisitorRequest(c, deps.db, input.site);
    if (!verifyUserHash(site.secret, input.userId, input.userHash)) {
      throw new ApiError(403, 'forbidden', 'userHash does not match userId: compute it with the site secret');
    }
    return c.json(await identifyVisitor(deps, site, c.get('visitor'), input));
  });
}

/** GET and PATCH /v1/widget/visitor, `Parley('update')`: what is known of the visitor (the widget prefills emails from it). */
export function profileWidgetRoutes(deps: Deps) {
  return new Hono<WidgetEnv>()
    .get('/', async (c) => c.json(await toProfile(deps.db, requireVisitor(c).site, requireVisitor(c).visitor)))
    .patch('/', validate('json', UpdateVisitorBody), async (c) => {
      const { visitor, site } = requireVisitor(c);
      const { attributes, page, ...fields } = c.req.valid('json');
      const merged = mergeAttributes(visitor.attributes, attributes);
      // The browser is read again with the page: an identified user may be on another device.
      const seen = page === undefined ? {} : { pageUrl: page, pageSeenAt: new Date(), browser: describeUserAgent(c.req.header('user-agent')) };
      const row = await updateVisitor(deps, visitor, { ...fields, ...seen, attributes: merged });
      return c.json(await toProfile(deps.db, site, row!));
    });
}

/** POST /v1/widget/consent: the visitor agrees to the site's current consent text. */
export function consentWidgetRoutes(deps: Deps) {
  return new Hono<WidgetEnv>().post('/', validate('json', ConsentBody), async (c) => {
    const { visitor, site } = requireVisitor(c);
    const asked = consentAsked(site);
    if (!asked) throw new ApiError(409, 'conflict', 'This site does not ask for consent');
    if (c.req.valid('json').version !== asked.version) throw new ApiError(409, 'conflict', `The consent text changed: its version is now ${asked.version}`);
    return c.json(await recordConsent(deps.db, visitor.id, asked), 201);
  });
}
