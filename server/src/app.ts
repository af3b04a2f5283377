import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { inboxApi } from './api/inbox';
import { widgetApi } from './api/widget';
import { avatarPublicRoutes } from './avatars/public-routes';
import type { Deps } from './core/deps';
import { accounts } from './db/tables';
import { inboundEmailRoutes } from './email/inbound-routes';
import { whatsappWebhookRoutes } from './whatsapp/webhook-routes';
import { helpPublicRoutes } from './help/public-routes';
import { clientAddress } from './http/client-address';
import { ApiError, handleError, handleNotFound } from './http/errors';
import type { Services } from './services';
import { staticPaths, staticPublicRoutes } from './static/public-routes';
import { docsPage } from './api/docs-page';
import { openApiDocument } from './api/openapi';

/**
 * The composition root: global middleware, then each API at its prefix. Request bodies are
 * limited per route (a JSON body by `validate('json', …)`, a raw upload by `limitBody(…)`
 * beside its handler). docs/architecture.md lists every prefix with the file that handles it.
 */
export function createApp(deps: Deps, services: Services) {
  const app = new Hono();
  // CORP off globally: the widget script and API are meant to be used from other origins;
  // which origins may read API responses is CORS's job, per site.
  app.use(secureHeaders({ crossOriginResourcePolicy: false, crossOriginEmbedderPolicy: false }));
  app.use(clientAddress(deps.config.PARLEY_TRUSTED_PROXIES));
  // For load balancers. Alive: the process answers (a database outage is not cured by
  // restarting it). Ready: the database answers (the process migrated it before listening),
  // events reach its streams, and it is not shutting down.
  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/readyz', async (c) => {
    const why = services.streams.closing ? 'shutting down' : !deps.bus.ready() ? 'not listening for events' : undefined;
    if (why) throw new ApiError(503, 'unavailable', `Not ready: ${why}`);
    await deps.db
      .select({ one: sql`1` })
      .from(accounts)
      .limit(1)
      .catch((err: unknown) => {
        console.error('[parley] readiness: the database does not answer', err);
        throw new ApiError(503, 'unavailable', 'Not ready: the database does not answer');
      });
    return c.json({ ok: true });
  });
  app.route('/v1/widget', widgetApi(deps, services));
  app.route('/v1/inbox', inboxApi(deps, services));
  app.route('/v1/avatars', avatarPublicRoutes(deps));
  const inboundSecret = deps.config.PARLEY_INBOUND_WEBHOOK_SECRET;
  if (inboundSecret) app.route('/v1/inbound/email', inboundEmailRoutes(deps, inboundSecret));
  app.route('/v1/whatsapp', whatsappWebhookRoutes(deps, { onQueued: () => services.whatsapp.received() }));
  app.route('/help', helpPublicRoutes(deps));
  app.route(
    '/',
    staticPublicRoutes({
      demo: services.demo,
      widgetDir: deps.config.PARLEY_WIDGET_DIR ?? staticPaths.widgetDist,
      inboxDir: deps.config.PARLEY_INBOX_DIR ?? staticPaths.inboxDist,
    }),
  );
  // Last: generated from every route above.
  let openApi: ReturnType<typeof openApiDocument> | undefined;
  app.get('/v1/openapi.json', (c) => c.json((openApi ??= openApiDocument(app, deps.config.PUBLIC_URL))));
  app.route('/docs', docsPage(app));
  app.onError(handleError);
  app.notFound(handleNotFound);
  return app;
}
