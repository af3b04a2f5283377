import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppDeps } from './core/deps';
import { publicAvatarRoutes } from './avatars/public-routes';
import { AVATAR_MAX_BYTES } from './avatars/avatars';
import { INBOUND_EMAIL_PATH, inboundRoutes } from './email/inbound-routes';
import { limitBody } from './http/body-limit';
import { handleError, handleNotFound } from './http/errors';
import { inboxApi, inboxGuards } from './api/inbox';
import { staticRoutes } from './static/public-routes';
import { demoIdentityRoute } from './demo/public-routes';
import { widgetApi } from './api/widget';

export const JSON_BODY_LIMIT = 64 * 1024;
/** A knowledge base pasted in from the inbox: a whole help centre is megabytes, not kilobytes. */
const KB_IMPORT_BODY_LIMIT = 5 * 1024 * 1024;
const KB_IMPORT_PATH = '/v1/inbox/sites/:siteId/articles/import';
const AVATAR_PATHS = ['/v1/inbox/me/avatar', '/v1/inbox/agents/:id/avatar'];

/** A route path as hono writes it (`:param` is one segment) as an exact-match test. */
const pathTest = (path: string) => new RegExp(`^${path.replace(/:[^/]+/g, '[^/]+')}$`);

/** The composition root: middleware and route modules, nothing else. */
export function createApp(deps: AppDeps) {
  const app = new Hono();
  // CORP off globally: the widget script and API are meant to be used from other origins;
  // which origins may read API responses is CORS's job, per site.
  app.use(secureHeaders({ crossOriginResourcePolicy: false, crossOriginEmbedderPolicy: false }));
  // One limit per request: a second, larger limit behind the global one could never let more
  // through. Picked by a test of the path: hono's `except` ran a router and composed a
  // middleware chain on every request, a few percent of a message POST's CPU.
  const largerBodies: [string, number][] = [
    [KB_IMPORT_PATH, KB_IMPORT_BODY_LIMIT],
    [INBOUND_EMAIL_PATH, deps.config.PARLEY_INBOUND_MAX_BYTES],
    ...AVATAR_PATHS.map((path): [string, number] => [path, AVATAR_MAX_BYTES]),
  ];
  const limits = largerBodies.map(([path, maxSize]) => ({ matches: pathTest(path), limit: limitBody(maxSize) }));
  const jsonBody = limitBody(JSON_BODY_LIMIT);
  app.use('/v1/*', (c, next) => (limits.find((l) => l.matches.test(c.req.path))?.limit ?? jsonBody)(c, next));
  app.get('/healthz', (c) => {
    deps.db.$client.prepare('select 1').get();
    return c.json({ ok: true });
  });
  app.route('/v1/widget', widgetApi(deps));
  app.route('/v1/avatars', publicAvatarRoutes(deps));
  app.use('/v1/inbox/*', inboxGuards(deps));
  app.route('/v1/inbox', inboxApi(deps));
  const inboundSecret = deps.config.PARLEY_INBOUND_WEBHOOK_SECRET;
  if (inboundSecret) app.route('/v1/inbound', inboundRoutes(deps, inboundSecret));
  app.route('/', demoIdentityRoute(deps));
  app.route('/', staticRoutes());
  app.onError(handleError);
  app.notFound(handleNotFound);
  return app;
}
