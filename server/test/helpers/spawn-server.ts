import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const serverDir = fileURLToPath(new URL('../..', import.meta.url));
/** Node's arguments for the built server: the package's start script's, flags included. */
const builtArgs = (JSON.parse(readFileSync(join(serverDir, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.split(' ').slice(1);

export interface SpawnedServer {
  url: string;
  child: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
}

/**
 * The server as its own process (`node --import tsx src/main.ts`, or with `built`, the
 * bundle `pnpm start` runs: dist/main.js, which the caller has built), for tests that kill it.
 * A stdin pipe ties its life to this test process: if the test runner dies, it exits too.
 * The bot is off unless `env` turns it on, as in startTestServer.
 */
export function spawnServer(env: Record<string, string>, { built = false } = {}): Promise<SpawnedServer> {
  const child = spawn(process.execPath, built ? builtArgs : ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: { ...process.env, HOST: '127.0.0.1', NODE_ENV: 'test', PARLEY_EXIT_WITH_STDIN: '1', PARLEY_BOT: 'off', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 30_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /running on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve({ url: m[1], child, exited });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before starting:\n${out}`));
    });
  });
}
