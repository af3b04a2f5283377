import { defineConfig } from 'vite';
import { precompress } from '@parley/precompress';

/** The inbox SPA, served by the server at /inbox/ (server/src/static/routes.ts). */
export default defineConfig({
  base: '/inbox/',
  // Preact's JSX through oxc: no babel preset needed.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
  // Served as .br/.gz copies where the browser takes them (server/src/static/public-routes.ts).
  plugins: [precompress()],
  server: { proxy: { '/v1': 'http://127.0.0.1:8787' } },
});
