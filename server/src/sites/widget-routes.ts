import { Hono } from 'hono';
import { WidgetConfigQuery, type WidgetConfig } from '@parley/protocol';
import type { AppDeps } from '../core/deps';
import { validate } from '../http/validate';
import type { WidgetEnv } from '../auth/visitor-auth';
import { agentsOnline } from './presence';
import { siteSettings } from './sites';
import { siteForVisitorRequest } from './origin-guard';

export function configRoutes({ db }: AppDeps) {
  return new Hono<WidgetEnv>().get('/config', validate('query', WidgetConfigQuery), (c) => {
    const site = siteForVisitorRequest(c, db, c.req.valid('query').site);
    const s = siteSettings(site);
    const body: WidgetConfig = {
      site: { key: site.publicKey, name: site.name },
      theme: s.theme,
      texts: s.texts,
      contactFields: s.contactFields,
      locale: s.locale,
      agentsOnline: agentsOnline(db, site.accountId),
    };
    return c.json(body);
  });
}
