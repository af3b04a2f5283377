import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { Deps } from '../core/deps';
import { findSiteByKey } from '../sites/sites';
import { serveBuilt, staticPaths } from '../static/public-routes';
import { userHash } from '../visitors/identity';
import { DEMO_SITE_KEY } from './seed';

export const DEMO_USER = { userId: 'demo-user-dana', name: 'Dana Demo', email: 'dana@example.com' };

/**
 * The demo site (embed-demo/): a shop that embeds the widget as a site owner would, on an
 * origin of its own, so nothing on its pages can script the inbox's origin or ride an agent's
 * session. Its pages are served with Parley's address put where they say `/widget.js`, and
 * /identify.js plays the shop's own server: a real site computes userHash on its server with
 * the site secret and writes it into the page; the secret never reaches a browser.
 */
export function demoSiteApp({ db, config }: Pick<Deps, 'db' | 'config'>) {
  const parley = () => config.PUBLIC_URL;
  const page = (file: string) => readFileSync(join(staticPaths.demo, file), 'utf8').replaceAll('"/widget.js"', `"${parley()}/widget.js"`);
  // The strict-CSP scenario: scripts, styles, images and connections from this page and Parley only.
  const strictCsp = () =>
    `default-src 'none'; script-src 'self' ${parley()}; style-src 'self' ${parley()}; connect-src ${parley()}; img-src 'self' ${parley()}; base-uri 'none'; form-action 'none'`;
  return new Hono()
    .get('/identify.js', async (c) => {
      const site = await findSiteByKey(db, DEMO_SITE_KEY);
      if (!site) return c.notFound();
      const identity = { ...DEMO_USER, userHash: userHash(site.secret, DEMO_USER.userId) };
      const js = `window.Parley=window.Parley||function(){(Parley.q=Parley.q||[]).push(arguments)};\nParley('identify', ${JSON.stringify(identity)});\n`;
      return c.body(js, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
    })
    .get('/', (c) => c.html(page('index.html')))
    .get('/:page{[a-z-]+\\.html}', (c) => {
      const name = c.req.param('page');
      let html: string;
      try {
        html = page(name);
      } catch {
        return c.notFound();
      }
      if (name === 'strict-csp.html') c.header('Content-Security-Policy', strictCsp());
      return c.html(html);
    })
    .use('/*', serveBuilt(staticPaths.demo, /^$/));
}

/** The demo site's own listener (PARLEY_DEMO_PORT on HOST): a background service like the others. */
export class DemoSite {
  #server: ServerType | undefined;
  #url: string | undefined;

  constructor(private readonly deps: Pick<Deps, 'db' | 'config'>) {}

  /** Where the demo site is, once started. */
  get url(): string | undefined {
    return this.#url;
  }

  async start(): Promise<void> {
    const { config } = this.deps;
    const app = demoSiteApp(this.deps);
    const server = await new Promise<ServerType>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: config.PARLEY_DEMO_PORT, hostname: config.HOST }, () => resolve(s));
      s.once('error', reject);
    });
    this.#server = server;
    this.#url = `http://${config.HOST}:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (!server) return;
    if ('closeAllConnections' in server) server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
