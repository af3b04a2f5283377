import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../server/test/helpers/handoff';
import { spawnServer, type SpawnedServer } from '../server/test/helpers/spawn-server';
import { VisitorClient } from '../server/test/helpers/visitor-client';
import { buildWidget } from '../widget/build/build';

/*
 * The server as `pnpm start` runs it (bundled JavaScript on node alone) and what a browser
 * receives from it for the widget and the inbox (issue 13), on a fresh build of all three,
 * the front ends into temp dirs, so `pnpm test` needs no prior `pnpm build`. The size budgets
 * are on these bytes: what travels, compressed as the browser asked.
 */
const LOADER_BUDGET = 8 * 1024;
const OPEN_PANEL_BUDGET = 25 * 1024;
/** What Chromium sends. */
const BROWSER = 'gzip, deflate, br, zstd';

const dir = mkdtempSync(join(tmpdir(), 'parley-served-'));
const widgetDir = join(dir, 'widget');
const inboxDir = join(dir, 'inbox');
let widgetFiles: string[];
let server: SpawnedServer;

beforeAll(async () => {
  widgetFiles = await buildWidget(widgetDir);
  await build({
    configFile: fileURLToPath(new URL('../packages/inbox/vite.config.ts', import.meta.url)),
    configLoader: 'runner',
    root: fileURLToPath(new URL('../packages/inbox', import.meta.url)),
    mode: 'production',
    logLevel: 'warn',
    build: { outDir: inboxDir },
  });
  const serverDir = fileURLToPath(new URL('../server', import.meta.url));
  execFileSync(process.execPath, ['--import', 'tsx', 'build.ts'], { cwd: serverDir, stdio: 'inherit' });
  server = await spawnServer(
    { PORT: '0', PARLEY_DB: join(dir, 'parley.db'), PARLEY_WIDGET_DIR: widgetDir, PARLEY_INBOX_DIR: inboxDir, PARLEY_BOT: 'on' },
    { built: true },
  );
}, 120_000);
afterAll(async () => {
  server?.child.kill();
  await server?.exited;
  rmSync(dir, { recursive: true, force: true });
});

const get = async (path: string, headers: Record<string, string> = {}) => {
  // fetch would decode the body: count the bytes as they came, through node:http.
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; bytes: number }>((resolve, reject) => {
    request(`${server.url}${path}`, { headers }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, bytes }));
    })
      .on('error', reject)
      .end();
  });
};
const widgetFile = (pattern: RegExp) => `/widget/${widgetFiles.find((f) => pattern.test(f))!}`;

describe('the built server', () => {
  it("answers a visitor through the bot's own thread, bundled beside it", async () => {
    const visitor = await VisitorClient.create(server.url);
    const conversation = await visitor.conversation('conversation-built-1');
    expect((await visitor.send(conversation.id, 'message-built-1', 'What are your opening hours?')).status).toBe(201);
    const bot = await eventually(async () => {
      const page = await visitor.request<{ messages: { author: { type: string }; body: string }[] }>('GET', `/v1/widget/conversations/${conversation.id}/messages`);
      return page.body.messages.find((m) => m.author.type === 'bot');
    }, "the bot's answer");
    expect(bot.body.length).toBeGreaterThan(0);
  });
});

describe('the widget and inbox as served', () => {
  it('sends brotli to a browser that takes it, gzip to one that takes only gzip, and the plain file otherwise, always varying on Accept-Encoding', async () => {
    for (const path of ['/widget.js', widgetFile(/^app-.*\.js$/), widgetFile(/^styles-.*\.css$/), widgetFile(/^ar-.*\.js$/), '/inbox/', '/inbox/settings']) {
      const plain = await get(path);
      const br = await get(path, { 'accept-encoding': BROWSER });
      const gzip = await get(path, { 'accept-encoding': 'gzip' });
      expect([plain.status, br.status, gzip.status], path).toEqual([200, 200, 200]);
      expect([plain.headers['content-encoding'], br.headers['content-encoding'], gzip.headers['content-encoding']], path).toEqual([undefined, 'br', 'gzip']);
      for (const r of [plain, br, gzip]) expect(r.headers.vary, path).toContain('Accept-Encoding');
      expect(br.bytes, path).toBeLessThan(gzip.bytes);
      expect(gzip.bytes, path).toBeLessThan(plain.bytes);
    }
  });

  it(`keeps widget.js within ${LOADER_BUDGET} bytes and everything until the panel is usable within ${OPEN_PANEL_BUDGET}, as received`, async () => {
    const loader = await get('/widget.js', { 'accept-encoding': BROWSER });
    const app = await get(widgetFile(/^app-.*\.js$/), { 'accept-encoding': BROWSER });
    const styles = await get(widgetFile(/^styles-.*\.css$/), { 'accept-encoding': BROWSER });
    console.log(`received: widget.js ${loader.bytes} B, app ${app.bytes} B, styles ${styles.bytes} B (brotli)`);
    expect(loader.bytes).toBeLessThanOrEqual(LOADER_BUDGET);
    expect(loader.bytes + app.bytes).toBeLessThanOrEqual(OPEN_PANEL_BUDGET);
    // Browsers without constructable stylesheets also fetch the linked stylesheet.
    expect(loader.bytes + app.bytes + styles.bytes).toBeLessThanOrEqual(OPEN_PANEL_BUDGET);
  });

  it('caches widget.js briefly and revalidates it by ETag; chunks and inbox assets for good; the inbox page never without asking', async () => {
    const loader = await get('/widget.js', { 'accept-encoding': BROWSER });
    expect(loader.headers['cache-control']).toBe('public, max-age=300');
    expect(loader.headers['timing-allow-origin']).toBe('*');
    expect(loader.headers['cross-origin-resource-policy']).toBe('cross-origin');
    const etag = loader.headers.etag as string;
    expect(etag).toMatch(/^"[0-9a-f]+"$/);
    const again = await get('/widget.js', { 'accept-encoding': BROWSER, 'if-none-match': etag });
    expect(again).toMatchObject({ status: 304, bytes: 0 });
    expect(again.headers.etag).toBe(etag);
    // Another encoding is another body, so another tag: a cache never mixes them up.
    expect((await get('/widget.js', { 'accept-encoding': 'gzip', 'if-none-match': etag })).status).toBe(200);

    const chunk = await get(widgetFile(/^app-.*\.js$/), { 'accept-encoding': BROWSER });
    expect(chunk.headers).toMatchObject({
      'cache-control': 'public, max-age=31536000, immutable',
      'timing-allow-origin': '*',
      'access-control-allow-origin': '*',
    });
    const page = await get('/inbox/', { 'accept-encoding': BROWSER });
    expect(page.headers['cache-control']).toBe('no-cache');
    expect((await get('/inbox/', { 'accept-encoding': BROWSER, 'if-none-match': page.headers.etag as string })).status).toBe(304);
  });

  it('answers 404 for a missing chunk or inbox asset, never the page in its place', async () => {
    const missingChunk = await get('/widget/app-nothere.js');
    expect(missingChunk.status).toBe(404);
    expect(missingChunk.headers['cache-control']).toBeUndefined();
    const missingAsset = await get('/inbox/assets/index-nothere.js');
    expect(missingAsset.status).toBe(404);
    expect(missingAsset.headers['cache-control']).toBeUndefined();
  });
});
