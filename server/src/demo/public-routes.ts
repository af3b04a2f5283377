import { Hono } from 'hono';
import type { Deps } from '../core/deps';
import { findSiteByKey } from '../sites/sites';
import { serveBuilt, staticPaths } from '../static/public-routes';
import { userHash } from '../visitors/identity';
import { DEMO_SITE_KEY } from './seed';

export const DEMO_USER = { userId: 'demo-user-dana', name: 'Dana Demo', email: 'dana@example.com' };

const DEMO_STRICT_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'";

/**
 * /demo: the demo site's pages (embed-demo/), which embed the widget as a site owner would, and
 * /demo/identify.js, which plays the demo site's own server: a real site computes userHash on
 * its server with the site secret and writes it into the page; the secret never reaches a browser.
 */
export function demoPublicRoutes({ db }: Deps) {
  return (
    new Hono()
      .get('/identify.js', (c) => {
        const site = findSiteByKey(db, DEMO_SITE_KEY);
        if (!site) return c.notFound();
        const identity = { ...DEMO_USER, userHash: userHash(site.secret, DEMO_USER.userId) };
        const js = `window.Parley=window.Parley||function(){(Parley.q=Parley.q||[]).push(arguments)};\nParley('identify', ${JSON.stringify(identity)});\n`;
        return c.body(js, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
      })
      // The strict-CSP scenario: only this origin may provide scripts, styles and connections.
      .use('/strict-csp.html', async (c, next) => {
        await next();
        c.header('Content-Security-Policy', DEMO_STRICT_CSP);
      })
      .use('/*', serveBuilt(staticPaths.demo, /^\/demo/))
  );
}
