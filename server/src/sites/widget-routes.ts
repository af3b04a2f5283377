import { Hono } from 'hono';
import { WidgetConfigQuery, type WidgetConfig } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { clientIp, rateLimit } from '../http/rate-limit';
import { rateLimiter } from '../core/limits';
import { validate } from '../http/validate';
import type { WidgetEnv } from '../auth/visitor-auth';
import { agentsOnline } from './presence';
import { consentAsked, siteSettings } from './sites';
import { siteForVisitorRequest } from './origin-guard';

/**
 * GET /v1/widget/config?site=KEY: what the widget shows before anyone has written (theme,
 * texts, contact fields, whether someone is online). Asked once per page view, with no
 * token: limited per IP.
 */
export function configWidgetRoutes(deps: Deps) {
  const { db, config } = deps;
  const perIp = rateLimiter(deps, 'configs-per-ip', config.PARLEY_RATE_CONFIG_PER_IP);
  return new Hono<WidgetEnv>().get('/', rateLimit(perIp, clientIp), validate('query', WidgetConfigQuery), async (c) => {
    const site = await siteForVisitorRequest(c, db, c.req.valid('query').site);
    const s = siteSettings(site);
    const body: WidgetConfig = {
      site: { key: site.publicKey, name: site.name },
      theme: s.theme,
      texts: s.texts,
      contactFields: s.contactFields,
      locale: s.locale,
      agentsOnline: await agentsOnline(db, site.accountId),
      help: { url: `${config.PUBLIC_URL.replace(/\/$/, '')}/help/${site.publicKey}/`, opens: s.helpCenter.launcherOpens },
      tickets: { categories: s.tickets.categories, whenOffline: s.tickets.whenOffline },
      consent: consentAsked(site),
    };
    return c.json(body);
  });
}
