import { once } from 'node:events';
import { statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Checkpointer } from '../src/db/checkpointer';
import { openDatabase, type Db } from '../src/db/connection';
import { sleep } from './helpers/random';
import { tempDbFile } from './helpers/temp-db';

const PAGES_WRITTEN = 300;

describe('the checkpoint thread', () => {
  let cleanup = async () => {};
  afterEach(() => cleanup());

  it("copies committed pages into the database file while the writer's own checkpoint stays far off", async () => {
    const temp = tempDbFile();
    const db: Db = openDatabase(temp.file);
    const checkpointer = new Checkpointer(db);
    checkpointer.start();
    cleanup = async () => {
      await checkpointer.stop();
      db.$client.close();
      temp.cleanup();
    };
    const sqlite = db.$client;
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
    const db = openDatabase(':memory:');
    const checkpointer = new Checkpointer(db);
    checkpointer.start();
    await checkpointer.stop();
    expect(checkpointer.thread).toBeUndefined();
    expect(db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    db.$client.close();
  });

  it('gives the writer back its own frequent checkpoints if the thread dies', async () => {
    const temp = tempDbFile();
    const db = openDatabase(temp.file);
    const checkpointer = new Checkpointer(db);
    checkpointer.start();
    cleanup = async () => {
      await checkpointer.stop();
      db.$client.close();
      temp.cleanup();
    };
    expect(db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(10_000);
    const thread = checkpointer.thread!;
    const exited = once(thread, 'exit');
    await thread.terminate();
    await exited;
    expect(db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });
});
