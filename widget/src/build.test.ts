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
  it('builds the linked stylesheet from the very CSS the loader, the app and the Help view adopt, and nothing else', () => {
    const read = (pattern: RegExp) => readFileSync(join(dir, size(pattern).file), 'utf8');
    const css = read(/^styles-.*\.css$/).trim();
    const loader = read(/^widget\.js$/);
    expect(loader).toContain(`widget/${size(/^styles-.*\.css$/).file}`);
    // The longest run of whole rules from `start` that `chunk` holds.
    const held = (chunk: string, start: number) => {
      let cut = css.length;
      while (cut > start && !chunk.includes(css.slice(start, cut))) cut = css.lastIndexOf('}', cut - 2) + 1;
      return cut;
    };
    const app = held(loader, 0);
    const help = held(read(/^app-.*\.js$/), app);
    expect(css.slice(0, app)).toContain('.p-launcher{');
    expect(css.slice(app, help)).toContain('.p-panel{');
    expect(read(/^Help-.*\.js$/)).toContain(css.slice(help));
    expect(css.slice(help)).toContain('.p-help{');
  });

  it('loads the Help view as its own chunk, on demand, sharing the app\'s Preact', () => {
    const app = readFileSync(join(dir, size(/^app-/).file), 'utf8');
    const help = size(/^Help-.*\.js$/).file;
    expect(app).toContain(`import(\`./${help}\`)`);
    expect(readFileSync(join(dir, help), 'utf8')).toMatch(new RegExp(`^import\\{[^}]*\\}from"\\./${size(/^app-/).file.replace('.', '\\.')}";`));
    expect(sizes.filter((s) => s.file.endsWith('.js')).map((s) => s.file.replace(/-.*/, '')).sort()).toEqual(['Help', 'Tickets', 'app', 'ar', 'de', 'es', 'fr', 'pt', 'widget.js']);
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
