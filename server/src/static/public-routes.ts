import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { etag } from 'hono/etag';
import { paths } from '../config/paths';

export const staticPaths = {
  widgetDist: join(paths.repoDir, 'widget/dist'),
  inboxDist: join(paths.repoDir, 'packages/inbox/dist'),
  demo: join(paths.repoDir, 'embed-demo'),
};

// Served until the widget build exists, so the embed never 404s on a fresh checkout.
const PLACEHOLDER_WIDGET = `/* Parley widget placeholder: run \`pnpm build\` to build the real widget. */
(function(){var P=window.Parley;if(typeof P!=='function'){window.Parley=function(){};}})();`;

/**
 * The inbox holds every conversation of an account: nothing but its own built files may run in
 * it (no inline script or style attribute from markup, no other origin), and no other page may
 * frame it. `data:` and `blob:` images are its favicon and a photo's preview before upload.
 */
const INBOX_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** The header middlewares below run after the file was found: nothing to say about a 404. */
const found = (c: Context) => c.res.status === 200 || c.res.status === 304;

/**
 * Serves a built folder only if it exists, so a checkout that has not been built starts
 * quietly. The build wrote a brotli and a gzip copy beside each text file
 * (@parley/precompress): the copy the browser accepts is sent as it is, never compressed per
 * request, and every answer says it depends on Accept-Encoding, so a cache never hands the
 * brotli bytes to a client that did not ask for them (or keeps the plain ones for all).
 */
export function serveBuilt(root: string, strip: RegExp, path?: string): MiddlewareHandler {
  if (!existsSync(root)) return (_c, next) => next();
  const serve = serveStatic({ root, path, precompressed: true, rewriteRequestPath: (p) => p.replace(strip, '') });
  return async (c, next) => {
    const answer = await serve(c, next);
    if (found(c) && !c.res.headers.get('Vary')?.includes('Accept-Encoding')) c.header('Vary', 'Accept-Encoding', { append: true });
    return answer;
  };
}

/**
 * Headers for a file another site's page loads: any page may load and time it (the widget's
 * files carry no user data), and caches keep it as `cacheControl` says.
 */
function embeddable(cacheControl: string): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!found(c)) return;
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    c.header('Timing-Allow-Origin', '*');
    c.header('Cache-Control', cacheControl);
  };
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * /widget.js (and its chunks) and the inbox app at /inbox. `/` leads to the demo site when it
 * runs (on its own origin, demo/site.ts), else to the inbox; so does `/demo`, where it used to be.
 */
export function staticPublicRoutes({ demo, widgetDir, inboxDir }: { demo: { url: string | undefined } | undefined; widgetDir: string; inboxDir: string }) {
  const app = new Hono();

  // The tag loads /widget.js by that name on every site: a new release must reach pages
  // within minutes, so it is cached briefly and revalidated by its ETag (a 304 is a few bytes).
  app.use('/widget.js', embeddable('public, max-age=300'), etag());
  app.get('/widget.js', async (c, next) => {
    if (existsSync(join(widgetDir, 'widget.js'))) return next();
    return c.body(PLACEHOLDER_WIDGET, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
  });
  app.use('/widget.js', serveBuilt(widgetDir, /^$/));
  // The app and locale chunks: content-hashed names, so cached for good. The loader imports
  // them as modules from the host page's origin, and module scripts are fetched with CORS.
  app.use('/widget/*', embeddable(IMMUTABLE), async (c, next) => {
    await next();
    if (found(c)) c.header('Access-Control-Allow-Origin', '*');
  });
  app.use('/widget/*', serveBuilt(widgetDir, /^\/widget/));

  const home = (path = '/') => (demo?.url ? `${demo.url}${path}` : '/inbox/');
  app.get('/demo', (c) => c.redirect(home()));
  app.get('/demo/*', (c) => c.redirect(home(c.req.path.slice('/demo'.length))));

  app.get('/inbox', (c) => c.redirect('/inbox/'));
  app.use('/inbox/*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', INBOX_CSP);
    if (!found(c)) return;
    // Built assets are content-hashed; the page itself names them, so it is always revalidated.
    c.header('Cache-Control', c.req.path.startsWith('/inbox/assets/') ? IMMUTABLE : 'no-cache');
  });
  // The page is revalidated by its ETag; content-hashed assets never are, so they are not hashed per request.
  const pageTag = etag();
  app.use('/inbox/*', (c, next) => (c.req.path.startsWith('/inbox/assets/') ? next() : pageTag(c, next)));
  app.use('/inbox/*', serveBuilt(inboxDir, /^\/inbox/));
  // A missing asset is missing, not the page: a browser would cache that for a year.
  app.get('/inbox/assets/*', (c) => c.notFound());
  // The inbox is a single-page app: every other /inbox path (/inbox/c/…, /inbox/settings) is its index.html.
  app.get('/inbox/*', serveBuilt(inboxDir, /^/, 'index.html'), (c) =>
    c.html('<!doctype html><title>Parley inbox</title><h1>Parley inbox</h1><p>The inbox app is not built yet: run <code>pnpm build</code>.</p>'),
  );

  app.get('/', (c) => c.redirect(home()));
  return app;
}
