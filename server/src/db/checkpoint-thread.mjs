// The checkpointer's thread (plain JS: it needs no TypeScript loader). Its own connection
// copies committed WAL pages into the database file, the fsyncs included, off the event loop.
import { workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.file);
let failing = false;
setInterval(() => {
  try {
    // PASSIVE never waits on the writer: whatever it cannot copy now, the next round does.
    db.pragma('wal_checkpoint(PASSIVE)');
    failing = false;
  } catch (err) {
    // Logged once per run of failures, not four times a second.
    if (!failing) console.error('[parley] checkpoint failed (retrying quietly)', err);
    failing = true;
  }
}, workerData.everyMs);
