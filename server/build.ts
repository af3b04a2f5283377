import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/*
 * `pnpm build` for the server: its TypeScript (and the workspace packages it imports, which
 * ship TypeScript) bundled into plain JavaScript once, so `pnpm start` runs node on it with
 * no loader or transpiler resident (tsx cost ~30 MB of every process, docs/benchmarks.md).
 * npm dependencies stay imports of node_modules. `pnpm dev` and the tests run the source.
 */
const serverDir = fileURLToPath(new URL('.', import.meta.url));
const manifest = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };

await build({
  absWorkingDir: serverDir,
  entryPoints: { main: 'src/main.ts', 'retriever-thread': 'src/bot/retriever-thread/thread.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: Object.keys(manifest.dependencies).filter((name) => !name.startsWith('@parley/')),
  // Bundled ESM has no require of its own; a CommonJS dependency's require of a Node built-in needs one.
  banner: { js: "import { createRequire as __parleyRequire } from 'node:module'; const require = __parleyRequire(import.meta.url);" },
  logLevel: 'warning',
});
