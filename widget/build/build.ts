import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type InlineConfig } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));

function config(outDir: string, overrides: InlineConfig): InlineConfig {
  return {
    configFile: false,
    root,
    // Explicit, so a build run inside vitest (NODE_ENV=test) is byte-identical to `pnpm build`.
    mode: 'production',
    logLevel: 'warn',
    // Preact's JSX through oxc: @preact/preset-vite would pull in babel for nothing.
    oxc: { jsx: { runtime: 'automatic', importSource: 'preact', development: false } },
    ...overrides,
    // cssTarget: browsers with logical properties (inset-inline-*), so they are kept as written
    // instead of being expanded into :lang() fallbacks that ignore our dir attribute.
    build: { outDir, target: 'es2020', cssTarget: ['chrome100', 'edge100', 'firefox100', 'safari15'], minify: true, emptyOutDir: false, copyPublicDir: false, ...overrides.build },
  };
}

/**
 * Builds the widget into `outDir`: first the app (an ES module entry plus one chunk per
 * non-English locale, content-hashed, served at /widget/<file>), then the loader
 * `widget.js`, a classic script (the tag is not type=module) that knows the app's name.
 * Returns the file names written.
 */
export async function buildWidget(outDir: string): Promise<string[]> {
  await build(
    config(outDir, {
      build: {
        emptyOutDir: true,
        lib: { entry: 'src/app/index.tsx', formats: ['es'] },
        rolldownOptions: { output: { entryFileNames: 'app-[hash].js', chunkFileNames: '[name]-[hash].js', minify: true } },
      },
    }),
  );
  const app = readdirSync(outDir).find((f) => /^app-.*\.js$/.test(f));
  if (!app) throw new Error('app build produced no app-*.js');
  await build(
    config(outDir, {
      define: { __PARLEY_APP__: JSON.stringify(app) },
      build: {
        lib: { entry: 'src/loader/index.ts', formats: ['iife'], name: 'ParleyLoader', fileName: () => 'widget.js' },
      },
    }),
  );
  return readdirSync(outDir).sort();
}

export const readBuilt = (outDir: string, file: string) => readFileSync(join(outDir, file));
