import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createApp } from '../server/src/app';
import { providersFor } from '../server/src/bot/providers/from-config';
import { CONFIG_VARIABLES, loadConfig } from '../server/src/config/config';
import { SqliteStore } from '../server/src/db/sqlite-store';
import { createMailer } from '../server/src/email/mailer';
import { InProcessEventBus } from '../server/src/realtime/in-process-bus';
import { buildServices } from '../server/src/services';

/*
 * References resolve: a link in the docs, a section a comment cites and a route a newcomer
 * looks up all lead somewhere that exists.
 */

const root = fileURLToPath(new URL('..', import.meta.url));
const tracked = (pattern: string) =>
  execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', pattern], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
const read = (file: string) => readFileSync(join(root, file), 'utf8');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const [, text] of markdown.replace(/```[\s\S]*?```/g, '').matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const base = text!
      .toLowerCase()
      .replace(/`/g, '')
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

function checkTarget(from: string, target: string): string | null {
  const [path, anchor] = target.split('#') as [string, string | undefined];
  const file = path === '' ? join(root, from) : resolve(dirname(join(root, from)), decodeURI(path));
  if (!existsSync(file)) return `${from}: ${target} (no such file)`;
  if (anchor && file.endsWith('.md') && !anchors(readFileSync(file, 'utf8')).has(anchor)) return `${from}: ${target} (no such heading)`;
  return null;
}

describe('references', () => {
  it('every relative link in a Markdown file leads to a file (and heading) that exists', () => {
    const broken: string[] = [];
    for (const file of tracked('*.md')) {
      const text = read(file).replace(/```[\s\S]*?```/g, '');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target!)) continue;
        const problem = checkTarget(file, target!);
        if (problem) broken.push(problem);
      }
    }
    expect(broken).toEqual([]);
  });

  it('every docs/*.md section or heading a source comment cites exists', () => {
    const spec = read('docs/spec.md');
    const broken: string[] = [];
    for (const file of tracked('*.ts').concat(tracked('*.tsx'), tracked('*.mjs'))) {
      const text = read(file);
      for (const [, n] of text.matchAll(/docs\/spec\.md §(\d+)/g)) {
        if (!new RegExp(`^## §${n} `, 'm').test(spec)) broken.push(`${file}: docs/spec.md §${n}`);
      }
      for (const [, doc, anchor] of text.matchAll(/docs\/([\w-]+\.md)#([\w-]+)/g)) {
        const problem = checkTarget(`docs/${doc}`, `#${anchor}`);
        if (problem) broken.push(`${file}: docs/${doc}#${anchor}`);
      }
      for (const [, doc] of text.matchAll(/\bdocs\/([\w-]+\.md)\b/g)) {
        if (!existsSync(join(root, 'docs', doc!))) broken.push(`${file}: docs/${doc}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("every route's prefix is in docs/architecture.md's table, with a handler file that exists", async () => {
    const config = loadConfig({ PARLEY_INBOUND_DOMAIN: 'reply.example.com', PARLEY_INBOUND_WEBHOOK_SECRET: 'a-secret-of-sixteen-chars' });
    const store = new SqliteStore(':memory:');
    const deps = { config, db: store.db, bus: new InProcessEventBus() };
    const app = createApp(deps, buildServices(deps, { store, providers: providersFor(config, store.db), mailer: createMailer(config) }));
    await store.close();

    const table = read('docs/architecture.md').matchAll(/^\| ((?:`[^`]+`(?:, )?)+) \| `([^`]+)` \|/gm);
    const rows = [...table].flatMap(([, prefixes, file]) => [...prefixes!.matchAll(/`([^`]+)`/g)].map(([, prefix]) => ({ prefix: prefix!, file: file! })));
    const missingFiles = rows.filter((r) => !existsSync(join(root, 'server/src', r.file))).map((r) => r.file);
    expect(missingFiles).toEqual([]);

    const covered = (path: string) => rows.some(({ prefix }) => path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`));
    const paths = [...new Set(app.routes.filter((r) => r.method !== 'ALL' && r.path !== '/').map((r) => r.path))];
    expect(paths.length).toBeGreaterThan(50);
    expect(paths.filter((p) => !covered(p))).toEqual([]);
  });

  it('every setting the server reads is in the README\'s configuration table', () => {
    const table = read('README.md').split('## Configuration')[1]!.split('\n## ')[0]!;
    const listed = new Set([...table.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]));
    expect(CONFIG_VARIABLES.filter((name) => !listed.has(name))).toEqual([]);
    expect([...listed].filter((name) => !CONFIG_VARIABLES.includes(name!))).toEqual([]);
  });
});
