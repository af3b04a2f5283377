import { once } from 'node:events';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Checkpointer } from '../src/db/checkpointer';
import { SqliteStore } from '../src/db/sqlite-store';
import { sleep } from './helpers/random';

const PAGES_WRITTEN = 300;

/** A SQLite file of its own: the checkpointer is the embedded engine's alone. */
function tempStore() {
  const dir = mkdtempSync(join(tmpdir(), 'parley-checkpoint-'));
  const store = new SqliteStore(join(dir, 'parley.db'));
  return { store, file: store.file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

describe('the checkpoint thread', () => {
  let cleanup = async () => {};
  afterEach(() => cleanup());

  it("copies committed pages into the database file while the writer's own checkpoint stays far off", async () => {
    const temp = tempStore();
    const checkpointer = new Checkpointer(temp.store.sqlite);
    checkpointer.start();
    cleanup = async () => {
      await checkpointer.stop();
      await temp.store.close();
      temp.remove();
    };
    const { sqlite } = temp.store;
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBeGreaterThan(PAGES_WRITTEN * 2);
    sqlite.exec('create table t (id integer primary key, blob blob not null)');
    const insert = sqlite.prepare('insert into t (blob) values (?)');
    for (let i = 0; i < PAGES_WRITTEN; i++) insert.run(Buffer.alloc(4000));
    const pageSize = sqlite.pragma('page_size', { simple: true }) as number;

    const deadline = Date.now() + 20_000;
    while (statSync(temp.file).size < PAGES_WRITTEN * pageSize && Date.now() < deadline) await sleep(50);
    expect(statSync(temp.file).size).toBeGreaterThanOrEqual(PAGES_WRITTEN * pageSize);
    expect(sqlite.prepare('select count(*) as n from t').get()).toEqual({ n: PAGES_WRITTEN });
  });

  it('starts no thread for an in-memory database', async () => {
    const store = new SqliteStore(':memory:');
    const checkpointer = new Checkpointer(store.sqlite);
    checkpointer.start();
    await checkpointer.stop();
    expect(checkpointer.thread).toBeUndefined();
    expect(store.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await store.close();
  });

  it('gives the writer back its own frequent checkpoints if the thread dies', async () => {
    const temp = tempStore();
    const checkpointer = new Checkpointer(temp.store.sqlite);
    checkpointer.start();
    cleanup = async () => {
      await checkpointer.stop();
      await temp.store.close();
      temp.remove();
    };
    expect(temp.store.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
    const thread = checkpointer.thread!;
    const exited = once(thread, 'exit');
    await thread.terminate();
    await exited;
    expect(temp.store.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });
});
