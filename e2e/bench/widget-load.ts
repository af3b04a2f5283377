import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { startTestServer } from '../../server/test/helpers/test-server';
import { launchChromium } from '../helpers/browser';

/*
 * `pnpm bench:widget` (not a test): cost of the embed on a host page, in headless Chromium.
 * Each run is cold: a new browser context (fresh profile, empty cache). Baseline and widget
 * runs alternate, so both see the same machine noise. Measured in the page from navigation
 * start (performance.now): the widget page until the first frame with the launcher laid out;
 * the baseline page (the same page without the tag) until the first frame after `load`.
 * Then the JS heap after a forced GC.
 */

const RUNS = Number(process.env.RUNS ?? 15);

const page = (tag: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
<body><h1>Shop</h1><p>A product page.</p>${tag}</body></html>`;

// Runs in the page before its own scripts: records when what we wait for is on screen. A
// string, not a function: tsx would add its own helpers to a function's source.
const probe = `
  addEventListener('load', () => (window.__loaded = true));
  const tick = () => {
    const el = document.querySelector('parley-widget')?.shadowRoot?.querySelector('.p-launcher');
    const ready = document.querySelector('script[data-site]') ? !!el && el.getBoundingClientRect().width > 0 : !!window.__loaded;
    if (ready) window.__visibleAt = performance.now();
    else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
`;

async function measure(browser: Browser, url: string): Promise<{ ms: number; heap: number }> {
  const context = await browser.newContext();
  const p = await context.newPage();
  await p.addInitScript({ content: probe });
  await p.goto(url);
  await p.waitForFunction(() => (window as unknown as { __visibleAt?: number }).__visibleAt !== undefined, undefined, { timeout: 10_000 });
  const ms = await p.evaluate(() => (window as unknown as { __visibleAt: number }).__visibleAt);
  const cdp = await context.newCDPSession(p);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  await context.close();
  return { ms, heap: usedSize };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const server = await startTestServer();
const { browser, close } = await launchChromium();
// The host page lives on its own origin, as on a customer's site.
const host = createServer((req, res) => {
  res.setHeader('content-type', 'text/html');
  res.end(page(req.url === '/tag' ? `<script async src="${server.url}/widget.js" data-site="pk_demo"></script>` : ''));
});
await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;

try {
  await measure(browser, `${origin}/tag`); // warm the server's own caches, not the browser's
  const base: { ms: number; heap: number }[] = [];
  const widget: { ms: number; heap: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    base.push(await measure(browser, `${origin}/blank`));
    widget.push(await measure(browser, `${origin}/tag`));
  }
  const row = (name: string, xs: { ms: number; heap: number }[]) =>
    `| ${name} | ${median(xs.map((x) => x.ms)).toFixed(0)} ms | ${(median(xs.map((x) => x.heap)) / 1e6).toFixed(2)} MB |`;
  const overhead = median(widget.map((x) => x.ms)) - median(base.map((x) => x.ms));
  const heapOverhead = median(widget.map((x) => x.heap)) - median(base.map((x) => x.heap));
  console.log(`Widget load, headless Chromium, median of ${RUNS} cold runs each (fresh context per run):\n`);
  console.log('| page | until visible | JS heap after GC |\n| --- | ---: | ---: |');
  console.log(row('same page without the tag (baseline)', base));
  console.log(row('page with the Parley tag', widget));
  console.log(`\nOverhead: ${overhead.toFixed(0)} ms and ${(heapOverhead / 1e6).toFixed(2)} MB over the baseline.`);
} finally {
  await close();
  await new Promise((resolve) => host.close(resolve));
  await server.stop();
}
