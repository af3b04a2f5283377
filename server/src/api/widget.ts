import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppDeps } from '../core/deps';
import { cors } from '../http/cors';
import { configRoutes } from '../sites/widget-routes';
import { assertOriginAllowed } from '../sites/origin-guard';
import { originAllowed } from '../sites/origins';
import { allAllowedOrigins, type SiteRow } from '../sites/sites';
import { conversationActionRoutes } from '../conversations/action-routes';
import { conversationRoutes } from '../conversations/widget-routes';
import { transcriptRoutes } from '../email/widget-routes';
import { kbVisitorRoutes } from '../kb/widget-routes';
import { streamRoutes } from '../realtime/widget-routes';
import { queueRoutes } from '../routing/widget-routes';
import { profileRoutes } from '../visitors/profile-routes';
import { visitorRoutes } from '../visitors/widget-routes';
import { resolveVisitor, type WidgetEnv } from '../auth/visitor-auth';

/**
 * The visitor API at /v1/widget. CORS answers only origins the site allows: once the token
 * names the site, its own list decides; a preflight names no site, so it is answered for
 * origins some site allows and the real request is then checked against its own site.
 */
export function widgetApi(deps: AppDeps) {
  const { db } = deps;
  const originGuard = createMiddleware<WidgetEnv>(async (c, next) => {
    const site = c.get('site');
    if (site) assertOriginAllowed(c, site);
    await next();
  });

  return new Hono<WidgetEnv>()
    .use(resolveVisitor(db))
    .use(
      cors<WidgetEnv>({
        origin: (origin, c) => {
          const site: SiteRow | undefined = c.get('site');
          const patterns = site ? site.allowedOrigins : allAllowedOrigins(db);
          return originAllowed(patterns, origin) ? origin : null;
        },
        allowMethods: ['GET', 'POST', 'PATCH', 'DELETE'],
        allowHeaders: ['Authorization', 'Content-Type', 'Last-Event-ID'],
        maxAgeSeconds: 600,
      }),
    )
    .use(originGuard)
    .route('/', configRoutes(deps))
    .route('/', visitorRoutes(deps))
    .route('/', conversationRoutes(deps))
    .route('/', conversationActionRoutes(deps))
    .route('/', profileRoutes(deps))
    .route('/', streamRoutes(deps))
    .route('/', kbVisitorRoutes(deps))
    .route('/', queueRoutes(deps))
    .route('/', transcriptRoutes(deps));
}
