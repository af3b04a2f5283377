import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The server package's folder: the first one up from this module whose package.json is
 * @parley/server. Found rather than counted, because this code runs from its TypeScript
 * source (src/config/) in development and tests, and bundled into dist/main.js in production.
 */
function findServerDir(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === '@parley/server') return dir;
    if (dirname(dir) === dir) throw new Error('the @parley/server package folder was not found above the running code');
  }
}

const serverDir = findServerDir();
/** Running bundled JavaScript (`pnpm start`), not the TypeScript source (`pnpm dev`, tests). */
const bundled = !import.meta.url.endsWith('.ts');

export const paths = {
  serverDir,
  repoDir: dirname(serverDir),
  sqliteMigrations: join(serverDir, 'drizzle'),
  pgMigrations: join(serverDir, 'drizzle-pg'),
  /** The bot's retriever thread: bundled beside main.js, or its source through a boot file that registers tsx. */
  retrieverThread: join(serverDir, bundled ? 'dist/retriever-thread.js' : 'src/bot/retriever-thread/boot.mjs'),
  /** Plain JavaScript either way. */
  checkpointThread: join(serverDir, 'src/db/checkpoint-thread.mjs'),
};
