import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/test/helpers/test-server';
import { launchChromium, type TestBrowser } from './helpers/browser';
import { logIn } from './helpers/inbox';

let server: TestServer;
let chromium: TestBrowser;

beforeAll(async () => {
  server = await startTestServer();
  chromium = await launchChromium();
});
afterAll(async () => {
  await chromium?.close();
  await server?.stop();
});

describe('the demo site', () => {
  it('loads the embed tag without errors and installs window.Parley', async () => {
    const page = await chromium.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const widget = page.waitForResponse((r) => r.url().endsWith('/widget.js'));
    await page.goto(`${server.services.demo!.url}/`);
    expect((await widget).status()).toBe(200);
    await page.waitForFunction(() => typeof (window as { Parley?: unknown }).Parley === 'function');
    expect(await page.title()).toContain('Parley demo');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("runs on an origin of its own: its scripts cannot read the inbox with an agent's session", async () => {
    const context = await chromium.browser.newContext();
    const page = await context.newPage();
    await logIn(page, `${server.url}/inbox/`);
    const inboxAnswer = await page.evaluate(async () => (await fetch('/v1/inbox/auth/me')).status);
    expect(inboxAnswer).toBe(200);
    await page.goto(`${server.url}/demo/`);
    expect(new URL(page.url()).origin).toBe(new URL(server.services.demo!.url!).origin);
    const fromDemo = await page.evaluate(async (parley) => {
      try {
        return (await fetch(`${parley}/v1/inbox/auth/me`, { credentials: 'include' })).status;
      } catch {
        return 'refused by the browser';
      }
    }, server.url);
    expect(fromDemo).toBe('refused by the browser');
    await context.close();
  });
});
