import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type MiddlewareHandler } from 'hono';

const repoPath = (p: string) => fileURLToPath(new URL(`../../../${p}`, import.meta.url));

export const staticPaths = {
  widgetDist: repoPath('widget/dist'),
  inboxDist: repoPath('packages/inbox/dist'),
  demo: repoPath('embed-demo'),
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

/** Serves a built folder only if it exists, so a checkout that has not been built starts quietly. */
export function serveBuilt(root: string, strip: RegExp): MiddlewareHandler {
  if (!existsSync(root)) return (_c, next) => next();
  return serveStatic({ root, rewriteRequestPath: (p) => p.replace(strip, '') });
}

/**
 * /widget.js (and its chunks) and the inbox app at /inbox. `/` leads to the demo site when it
 * runs (on its own origin, demo/site.ts), else to the inbox; so does `/demo`, where it used to be.
 */
export function staticPublicRoutes({ demo }: { demo: { url: string | undefined } | undefined }) {
  const app = new Hono();

  app.use('/widget.js', async (c, next) => {
    await next();
    // Any site may load the script; it is public and carries no user data.
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    c.header('Cache-Control', 'public, max-age=300');
  });
  app.get('/widget.js', async (c, next) => {
    if (existsSync(`${staticPaths.widgetDist}/widget.js`)) return next();
    return c.body(PLACEHOLDER_WIDGET, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
  });
  app.use('/widget.js', serveBuilt(staticPaths.widgetDist, /^$/));
  // The app and locale chunks: content-hashed names, so cached for good. The loader imports
  // them as modules from the host page's origin, and module scripts are fetched with CORS.
  app.use('/widget/*', async (c, next) => {
    await next();
    if (c.res.status !== 200) return;
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    c.header('Cache-Control', 'public, max-age=31536000, immutable');
  });
  app.use('/widget/*', serveBuilt(staticPaths.widgetDist, /^\/widget/));

  const home = (path = '/') => (demo?.url ? `${demo.url}${path}` : '/inbox/');
  app.get('/demo', (c) => c.redirect(home()));
  app.get('/demo/*', (c) => c.redirect(home(c.req.path.slice('/demo'.length))));

  app.get('/inbox', (c) => c.redirect('/inbox/'));
  app.use('/inbox/*', async (c, next) => {
    await next();
    c.header('Content-Security-Policy', INBOX_CSP);
  });
  app.use('/inbox/*', serveBuilt(staticPaths.inboxDist, /^\/inbox/));
  // The inbox is a single-page app: every other /inbox path (/inbox/c/…, /inbox/settings) is its index.html.
  app.get('/inbox/*', (c) => {
    const index = `${staticPaths.inboxDist}/index.html`;
    if (existsSync(index)) return c.html(readFileSync(index, 'utf8'));
    return c.html(
      '<!doctype html><title>Parley inbox</title><h1>Parley inbox</h1><p>The inbox app is not built yet: run <code>pnpm build</code>.</p>',
    );
  });

  app.get('/', (c) => c.redirect(home()));
  return app;
}
