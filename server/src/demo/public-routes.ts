import { Hono } from 'hono';
import type { AppDeps } from '../core/deps';
import { DEMO_SITE_KEY } from './seed';
import { findSiteByKey } from '../sites/sites';
import { userHash } from '../visitors/identity';

export const DEMO_USER = { userId: 'demo-user-dana', name: 'Dana Demo', email: 'dana@example.com' };

/**
 * /demo/identify.js plays the demo site's own server: a real site computes userHash on its
 * server with the site secret and writes it into the page; the secret never reaches a browser.
 */
export function demoIdentityRoute({ db }: AppDeps) {
  return new Hono().get('/demo/identify.js', (c) => {
    const site = findSiteByKey(db, DEMO_SITE_KEY);
    if (!site) return c.notFound();
    const identity = { ...DEMO_USER, userHash: userHash(site.secret, DEMO_USER.userId) };
    const js = `window.Parley=window.Parley||function(){(Parley.q=Parley.q||[]).push(arguments)};\nParley('identify', ${JSON.stringify(identity)});\n`;
    return c.body(js, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
  });
}
