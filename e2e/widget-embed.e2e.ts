import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { saveAvatar } from '../server/src/avatars/avatars';
import { postServerMessage } from '../server/src/conversations/commands';
import { DEMO_USER } from '../server/src/demo/site';
import { PNG } from '../server/test/helpers/images';
import type { TestBrowser } from './helpers/browser';
import { useServerAndBrowser } from './helpers/harness';
import { sql } from './helpers/db';
import { bubbles, collectProblems, composer, latestConversation, launcher, openWidget, panel, sendAndWaitSent, sendMessage } from './helpers/widget';

const env = useServerAndBrowser();
/** A site owner's shop on another origin (another port), with the strictest CSP that names Parley. */
let shop: Server;
let shopUrl: string;

beforeAll(async () => {
  shop = createServer((_req, res) => {
    const parley = env.server.url;
    res.setHeader(
      'content-security-policy',
      `default-src 'none'; script-src 'self' ${parley}; style-src 'self' ${parley}; connect-src 'self' ${parley}; img-src 'self' ${parley}`,
    );
    res.setHeader('content-type', 'text/html');
    res.end(`<!doctype html><html lang="en"><title>Shop</title><h1>Shop</h1><script async src="${parley}/widget.js" data-site="pk_demo"></script></html>`);
  });
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => shop?.close(() => resolve())));

async function newPage(options: Parameters<TestBrowser['browser']['newContext']>[0] = {}) {
  const context = await env.chromium.browser.newContext({ reducedMotion: 'reduce', viewport: { width: 1280, height: 800 }, ...options });
  return { context, page: await context.newPage() };
}

/** The open panel, minus its rounded corners (where the page's own background shows). */
async function panelPixels(page: Page): Promise<Buffer> {
  const box = (await panel(page).boundingBox())!;
  return page.screenshot({ clip: { x: box.x + 16, y: box.y + 16, width: box.width - 32, height: box.height - 32 } });
}

describe('the widget on hostile pages', () => {
  it('renders identically under hostile global CSS and on the plain page', async () => {
    const shots: Buffer[] = [];
    for (const path of ['/', '/hostile.html']) {
      const { context, page } = await newPage();
      await page.goto(env.demo + path);
      await openWidget(page);
      await page.mouse.move(0, 0);
      shots.push(await panelPixels(page));
      const launcherBox = (await launcher(page).boundingBox())!;
      expect([launcherBox.width, launcherBox.height, launcherBox.x + launcherBox.width, launcherBox.y + launcherBox.height]).toEqual([56, 56, 1260, 780]);
      await context.close();
    }
    expect(shots[1]!.equals(shots[0]!)).toBe(true);
  });

  it('keeps working after a single-page app rewrites history and re-renders its whole body', async () => {
    const { context, page } = await newPage();
    await page.goto(`${env.demo}/spa.html`);
    await openWidget(page);
    await sendAndWaitSent(page, 'Do you sell tents?');
    await page.locator('[data-route=tents]').click();
    expect(page.url()).toContain('?route=tents');
    await page.locator('#rerender').click();
    await expect.poll(() => bubbles(page, 'visitor').count()).toBe(1);
    expect(await panel(page).isVisible()).toBe(true);
    await context.close();
  });

  it('replays API calls made before the script loaded, in order', async () => {
    const { context, page } = await newPage();
    await page.goto(`${env.demo}/queue.html`);
    await page.locator('parley-widget .p-teaser').waitFor();
    expect(await page.locator('parley-widget .p-teaser-text').textContent()).toContain('Looking for boots?');
    await page.locator('parley-widget .p-teaser-text').click();
    await panel(page).waitFor({ state: 'visible' });
    await expect.poll(() => page.locator('#events').textContent()).toContain('open');
    await sendMessage(page, 'Hello');
    await expect.poll(() => page.locator('#events').textContent()).toContain('message:visitor');
    const [visitor] = await sql<{ attributes: string }>(env.server, 'select attributes from visitors order by created_at desc limit 1');
    expect(JSON.parse(visitor!.attributes)).toEqual({ plan: 'pro', cartValue: 129 });
    await context.close();
  });
});

describe('a strict Content-Security-Policy', () => {
  const cases = [
    { name: "the demo site's strict-CSP page", url: () => `${env.demo}/strict-csp.html`, constructable: true },
    { name: 'a page on another origin', url: () => shopUrl, constructable: true },
    // Safari < 16.4: the styles come from a <link> to the Parley server instead.
    { name: 'a page on another origin, in a browser without constructable stylesheets', url: () => shopUrl, constructable: false },
  ];
  it.each(cases)("logs no CSP violation, is styled, chats normally and shows the agent's photo on $name", async ({ url, constructable }) => {
    const { context, page } = await newPage();
    await page.addInitScript((keepConstructable) => {
      const w = window as unknown as { cspViolations: string[] };
      w.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
      if (!keepConstructable) delete (CSSStyleSheet.prototype as Partial<CSSStyleSheet>).replaceSync;
    }, constructable);
    const problems = collectProblems(page);
    await page.goto(url());
    await openWidget(page);
    await page.mouse.move(0, 0);
    const sheets = await page.locator('parley-widget').evaluate((e) => ({
      adopted: e.shadowRoot!.adoptedStyleSheets.length,
      links: Array.from(e.shadowRoot!.querySelectorAll('link'), (l) => new URL(l.href).pathname.replace(/-[^/]+\.css$/, '.css')),
      inline: e.shadowRoot!.querySelectorAll('style').length,
    }));
    expect(sheets).toEqual(constructable ? { adopted: 2, links: [], inline: 0 } : { adopted: 0, links: ['/widget/styles.css'], inline: 0 });
    expect(await launcher(page).boundingBox()).toEqual({ x: 1204, y: 724, width: 56, height: 56 });
    expect(await launcher(page).evaluate((e) => getComputedStyle(e).backgroundColor)).toBe('rgb(31, 111, 235)');
    expect(await panel(page).evaluate((e) => getComputedStyle(e).position)).toBe('fixed');
    await sendAndWaitSent(page, 'Hello under CSP');

    const [owner] = await sql<{ id: string }>(env.server, "select id from agents where role = 'owner' limit 1");
    await saveAvatar(env.server.deps.db, owner!.id, PNG, 'image/png');
    await postServerMessage(env.server.deps, {
      conversationId: (await latestConversation(env.server)).id,
      authorType: 'agent',
      authorAgentId: owner!.id,
      body: 'Hello from a person',
    });
    const photo = bubbles(page, 'agent').locator('img.p-avatar');
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
    expect(await photo.getAttribute('alt')).toBe('');
    expect(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('languages, identity and screens', () => {
  it('mirrors for Arabic: right-to-left panel, launcher on the left, Arabic strings', async () => {
    const { context, page } = await newPage();
    await page.goto(`${env.demo}/arabic.html`);
    await openWidget(page);
    await page.mouse.move(600, 300);
    expect(await page.locator('parley-widget .p-root').getAttribute('dir')).toBe('rtl');
    await expect.poll(() => composer(page).getAttribute('placeholder')).toBe('اكتب رسالتك…');
    expect((await launcher(page).boundingBox())!.x).toBe(20);
    const panelBox = (await panel(page).boundingBox())!;
    expect(panelBox.x).toBe(20);
    await sendMessage(page, 'مرحبا');
    const mine = (await bubbles(page, 'visitor').first().boundingBox())!;
    const greeting = (await page.locator('parley-widget .p-greeting').boundingBox())!;
    // The visitor's own messages sit on the reading end: the left in RTL.
    expect(mine.x).toBeLessThan(greeting.x);
    await context.close();
  });

  it('goes full screen on a phone', async () => {
    const { context, page } = await newPage({ viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true });
    await page.goto(`${env.demo}/`);
    await launcher(page).tap();
    await panel(page).waitFor({ state: 'visible' });
    expect(await panel(page).boundingBox()).toEqual({ x: 0, y: 0, width: 375, height: 667 });
    await page.locator('parley-widget .p-head [aria-label="Close chat"]').tap();
    await panel(page).waitFor({ state: 'hidden' });
    await context.close();
  });

  it('signs an identified user in, so a second device sees the same conversation', async () => {
    const first = await newPage();
    await first.page.goto(`${env.demo}/identified.html`);
    await openWidget(first.page);
    await sendAndWaitSent(first.page, 'Where is my order #1001?');
    const [visitor] = await sql<{ user_id: string; email: string }>(env.server, 'select user_id, email from visitors where user_id is not null');
    expect(visitor).toEqual({ user_id: DEMO_USER.userId, email: DEMO_USER.email });

    const second = await newPage();
    await second.page.goto(`${env.demo}/identified.html`);
    await openWidget(second.page);
    await expect.poll(() => bubbles(second.page, 'visitor').first().textContent()).toContain('Where is my order #1001?');
    await first.context.close();
    await second.context.close();
  });
});
