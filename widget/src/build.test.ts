// @vitest-environment node
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWidget } from '../build/build';
import { formatSizes, measure, type FileSize } from '../build/sizes';

/*
 * What the build holds, checked on a fresh build into a temp dir so `pnpm test` needs no
 * prior `pnpm build`. The size budgets are on the bytes the server sends
 * (test/served-assets.test.ts).
 */

const dir = mkdtempSync(join(tmpdir(), 'parley-widget-'));
let sizes: FileSize[];
const size = (pattern: RegExp) => sizes.find((s) => pattern.test(s.file))!;

beforeAll(async () => {
  sizes = measure(dir, await buildWidget(dir));
  console.log(`widget sizes (bytes):\n${formatSizes(sizes)}`);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the built widget', () => {
  it('builds the linked stylesheet from the very CSS the loader and the app adopt, and nothing else', () => {
    const read = (pattern: RegExp) => readFileSync(join(dir, size(pattern).file), 'utf8');
    const css = read(/^styles-.*\.css$/).trim();
    const loader = read(/^widget\.js$/);
    expect(loader).toContain(`widget/${size(/^styles-.*\.css$/).file}`);
    // The longest run of whole rules from the start that widget.js holds; the app holds the rest.
    let cut = css.length;
    while (cut > 0 && !loader.includes(css.slice(0, cut))) cut = css.lastIndexOf('}', cut - 2) + 1;
    expect(css.slice(0, cut)).toContain('.p-launcher{');
    expect(read(/^app-.*\.js$/)).toContain(css.slice(cut));
    expect(css.slice(cut)).toContain('.p-panel{');
  });

  it('loads every language but English as its own chunk, on demand', () => {
    const app = readFileSync(join(dir, size(/^app-/).file), 'utf8');
    for (const locale of ['es', 'fr', 'de', 'pt', 'ar']) {
      const chunk = size(new RegExp(`^${locale}-.*\\.js$`));
      expect(app).toContain(`import(\`./${chunk.file}\`)`);
    }
    expect(app).toContain('Type your message');
    expect(app).not.toContain('Escribe tu mensaje');
  });

  it('bundles Preact and our own dependency-free packages, nothing else: no zod, no other runtime dependency', () => {
    const dependencies = (url: URL) => Object.keys((JSON.parse(readFileSync(url, 'utf8')) as { dependencies?: object }).dependencies ?? {});
    const ours = dependencies(new URL('../package.json', import.meta.url));
    expect(ours.filter((name) => !name.startsWith('@parley/'))).toEqual(['preact']);
    for (const name of ours.filter((n) => n.startsWith('@parley/'))) {
      expect(dependencies(new URL(`../node_modules/${name}/package.json`, import.meta.url)), name).toEqual([]);
    }
    for (const s of sizes) expect(readFileSync(join(dir, s.file), 'utf8')).not.toMatch(/ZodError|zod/i);
  });
});
