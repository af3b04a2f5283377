// The checkpointer's thread (plain JS: it needs no TypeScript loader). Its own connection
// copies committed WAL pages into the database file, the fsyncs included, off the event loop.
import { workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.file);
setInterval(() => {
  try {
    // PASSIVE never waits on the writer: whatever it cannot copy now, the next round does.
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    console.error('[parley] checkpoint failed', err);
  }
}, workerData.everyMs);
