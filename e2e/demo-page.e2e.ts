import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../server/test/helpers/test-server';
import { launchChromium, type TestBrowser } from './helpers/browser';

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
    await page.goto(`${server.url}/demo/`);
    expect((await widget).status()).toBe(200);
    await page.waitForFunction(() => typeof (window as { Parley?: unknown }).Parley === 'function');
    expect(await page.title()).toContain('Parley demo');
    expect(errors).toEqual([]);
    await page.close();
  });
});
