#!/usr/bin/env node
// `node scripts/with-postgres.mjs <command…>`: runs the command with a throwaway PostgreSQL
// cluster (`pnpm test:pg`, `.ci/run`). The cluster lives in a temp dir, listens on 127.0.0.1
// on a free port, runs without fsync (a test cluster need not survive a power cut), and is
// removed when the command ends. The command gets PARLEY_TEST_PG, the cluster's admin URL,
// from which each test server creates a database of its own. Needs Debian's `postgresql`
// package (or any PostgreSQL ≥ 13 with initdb and pg_ctl); as root, the cluster runs as the
// `postgres` user, since PostgreSQL refuses to run as root.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

function binDir() {
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((v) => existsSync(join(debian, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(debian, versions[0], 'bin');
  }
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('PostgreSQL not found: install it (Debian: apt-get install postgresql)');
  }
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const command = process.argv.slice(2);
if (command.length === 0) {
  console.error('Usage: node scripts/with-postgres.mjs <command> [args…]');
  process.exit(2);
}

const bin = binDir();
const root = userInfo().uid === 0;
const dir = mkdtempSync(join(tmpdir(), 'parley-pg-'));
const data = join(dir, 'data');
if (root) {
  const pgUid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
  const pgGid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
  chownSync(dir, pgUid, pgGid);
}
chmodSync(dir, 0o700);
const asOwner = (file, args) => (root ? execFileSync('runuser', ['-u', 'postgres', '--', file, ...args], { stdio: 'pipe' }) : execFileSync(file, args, { stdio: 'pipe' }));

const port = await freePort();
asOwner(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C']);
const options = [
  'listen_addresses=127.0.0.1',
  `port=${port}`,
  `unix_socket_directories=${dir}`,
  'fsync=off',
  'synchronous_commit=off',
  'full_page_writes=off',
  'max_connections=300',
].map((o) => `-c ${o}`);
asOwner(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-o', options.join(' '), '-w', 'start']);

let stopped = false;
function stop() {
  if (stopped) return;
  stopped = true;
  try {
    asOwner(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
  } catch {
    // Already gone: nothing to stop.
  }
  rmSync(dir, { recursive: true, force: true });
}

const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
console.log(`[with-postgres] PostgreSQL at ${url}`);
const child = spawn(command[0], command.slice(1), { stdio: 'inherit', env: { ...process.env, PARLEY_TEST_PG: url } });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  stop();
  process.exit(code ?? (signal ? 1 : 0));
});
