import { Hono } from 'hono';
import { CreateVisitorBody, type VisitorSession } from '@parley/protocol';
import type { AppDeps } from '../core/deps';
import { hashToken, newId, newToken } from '../auth/tokens';
import { visitors } from '../db/schema';
import { clientIp, rateLimit, RateLimiter } from '../http/rate-limit';
import { validate } from '../http/validate';
import { siteForVisitorRequest } from '../sites/origin-guard';
import { describeUserAgent } from './user-agent';
import type { WidgetEnv } from '../auth/visitor-auth';

export function visitorRoutes({ db, config }: AppDeps) {
  const perIp = RateLimiter.perMinute(config.PARLEY_RATE_VISITORS_PER_IP);
  return new Hono<WidgetEnv>().post(
    '/visitors',
    rateLimit(perIp, clientIp),
    validate('json', CreateVisitorBody),
    (c) => {
      const input = c.req.valid('json');
      const site = siteForVisitorRequest(c, db, input.site);
      const token = newToken('vt');
      const id = newId('v');
      db.insert(visitors)
        .values({
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
        })
        .run();
      const body: VisitorSession = { visitorId: id, token };
      return c.json(body, 201);
    },
  );
}
