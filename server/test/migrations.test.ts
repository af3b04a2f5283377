import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../src/db/sqlite-store';

const committed = fileURLToPath(new URL('../drizzle', import.meta.url));

/** A copy of the committed migrations that stops before `tag` (a database from before it). */
function migrationsBefore(dir: string, tag: string): string {
  const folder = join(dir, 'drizzle');
  cpSync(committed, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === tag);
  expect(at).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, at);
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

let dir: string;
let store: SqliteStore;
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A SQLite database migrated up to just before `tag`. */
function databaseBefore(tag: string) {
  dir = mkdtempSync(join(tmpdir(), 'parley-migrate-'));
  store = new SqliteStore(join(dir, 'old.db'));
  migrate(drizzle({ client: store.sqlite }), { migrationsFolder: migrationsBefore(dir, tag) });
  return store.sqlite;
}

describe('migration 0008: conversations keep their last message ids', () => {
  it('fills them in for existing conversations, then a trigger keeps them', async () => {
    const raw = databaseBefore('0008_conversation_last_messages');
    raw.exec(`
      insert into accounts (id, name) values ('acc', 'A');
      insert into sites (id, account_id, name, public_key, secret, allowed_origins) values ('site', 'acc', 'S', 'pk_m', 'sk', '[]');
      insert into visitors (id, site_id, token_hash) values ('v', 'site', 'h');
      insert into conversations (id, site_id, visitor_id, client_id) values ('c1', 'site', 'v', 'one'), ('c2', 'site', 'v', 'two');
      insert into messages (conversation_id, author_type, body) values ('c1', 'visitor', 'hi'), ('c1', 'visitor', 'hello?'), ('c1', 'agent', 'hey');`);
    const ids = (id: string) => raw.prepare('select last_message_id as last, last_visitor_message_id as visitor from conversations where id = ?').get(id);

    await store.migrate();
    expect(ids('c1')).toEqual({ last: 3, visitor: 2 });
    expect(ids('c2')).toEqual({ last: null, visitor: null });

    raw.exec(`insert into messages (conversation_id, author_type, body) values ('c2', 'bot', 'welcome'), ('c1', 'visitor', 'thanks')`);
    expect(ids('c2')).toEqual({ last: 4, visitor: null });
    expect(ids('c1')).toEqual({ last: 5, visitor: 5 });
  });
});

describe('migration 0012: a privacy link is http(s) or nothing', () => {
  it('drops a stored javascript: link and keeps the rest of the settings', async () => {
    const raw = databaseBefore('0012_privacy_url_http');
    const settings = (privacyUrl: string) => JSON.stringify({ theme: { color: '#112233' }, texts: { title: 'Hi', privacyUrl } });
    raw.exec(`insert into accounts (id, name) values ('acc', 'A')`);
    const insert = raw.prepare(`insert into sites (id, account_id, name, public_key, secret, allowed_origins, settings) values (?, 'acc', 'S', ?, 'sk', '[]', ?)`);
    insert.run('bad', 'pk_bad', settings('javascript:alert(document.cookie)'));
    insert.run('good', 'pk_good', settings('https://shop.example/privacy'));

    await store.migrate();
    const stored = (id: string) => JSON.parse((raw.prepare('select settings from sites where id = ?').get(id) as { settings: string }).settings);
    expect(stored('bad')).toEqual({ theme: { color: '#112233' }, texts: { title: 'Hi', privacyUrl: null } });
    expect(stored('good').texts.privacyUrl).toBe('https://shop.example/privacy');
  });
});
