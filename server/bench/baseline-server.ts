import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/*
 * The ceiling the Parley server is compared with: bare node:http, read the body, one
 * prepared better-sqlite3 insert, same pragmas as Parley, answer 201. Run as its own process.
 */
const db = new Database(join(mkdtempSync(join(tmpdir(), 'parley-baseline-')), 'baseline.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('create table m (id integer primary key autoincrement, client_id text, body text not null, created_at integer not null)');
const insert = db.prepare('insert into m (client_id, body, created_at) values (?, ?, ?)');

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const { clientId, body } = JSON.parse(Buffer.concat(chunks).toString()) as { clientId: string; body: string };
    const { lastInsertRowid } = insert.run(clientId, body, Date.now());
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: Number(lastInsertRowid) }));
  });
});
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  if (addr && typeof addr === 'object') console.log(`baseline listening on http://127.0.0.1:${addr.port}`);
});
process.stdin.on('end', () => process.exit(0)).resume();
