import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build, type InlineConfig } from 'vite';
import { precompressDir } from '@parley/precompress';

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
 * non-English locale, content-hashed, served at /widget/<file>), the fallback stylesheet,
 * then the loader `widget.js`, a classic script (the tag is not type=module) that knows
 * both names. Each text file gets its brotli and gzip copy beside it, for the server to send.
 * Returns the names of the files built (not the copies).
 */
export async function buildWidget(outDir: string): Promise<string[]> {
  await build(
    config(outDir, {
      build: {
        emptyOutDir: true,
        lib: { entry: 'src/app/index.tsx', formats: ['es'] },
        // The lazy chunks (a language's strings, the Help view) take what they share with the
        // app from the app itself, which is loaded by then: a common chunk would be one more
        // request before the panel opens. That needs the entry free to export more than `mount`.
        rolldownOptions: { preserveEntrySignatures: 'allow-extension', output: { entryFileNames: 'app-[hash].js', chunkFileNames: '[name]-[hash].js', minify: true } },
      },
    }),
  );
  const app = readdirSync(outDir).find((f) => /^app-.*\.js$/.test(f));
  if (!app) throw new Error('app build produced no app-*.js');
  // The linked stylesheet for browsers without constructable stylesheets: the same CSS files,
  // through the same minifier, so it is byte for byte what the loader and the app inline.
  await build(config(outDir, { build: { rolldownOptions: { input: 'src/styles.css', output: { assetFileNames: 'styles-[hash][extname]' } } } }));
  const styles = readdirSync(outDir).find((f) => /^styles-.*\.css$/.test(f));
  if (!styles) throw new Error('styles build produced no styles-*.css');
  await build(
    config(outDir, {
      define: { __PARLEY_APP__: JSON.stringify(app), __PARLEY_STYLES__: JSON.stringify(styles) },
      build: {
        lib: { entry: 'src/loader/index.ts', formats: ['iife'], name: 'ParleyLoader', fileName: () => 'widget.js' },
      },
    }),
  );
  const built = readdirSync(outDir).sort();
  precompressDir(outDir);
  return built;
}

