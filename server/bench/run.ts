import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Engine } from '../src/db/store';
import { benchDelivery, printDelivery, type DeliveryResult } from './delivery';
import { benchFaqLookup, printFaqLookup } from './faq-lookup';
import { benchInboxList, printInboxList } from './inbox-list';
import { benchPgDrivers, printPgDrivers } from './pg-drivers';
import { benchProcesses, printProcesses } from './processes';
import { benchRetriever, printRetriever } from './retriever';
import { benchStreams, printStreams } from './streams';

/*
 * `pnpm bench [name…] [--db postgres]`: measures and prints; never a test. Each bench compares
 * against a baseline measured in the same run, since these machines are shared and noisy.
 * Names (delivery, faq, inbox, retriever, pg-drivers, streams) pick benches; none runs them all
 * but pg-drivers and streams (10,000 open streams: minutes, and most of the machine). `--db postgres` runs the delivery bench on PostgreSQL too, beside the SQLite run;
 * with `--processes N`, on N processes sharing one PostgreSQL against one (processes.ts);
 * anything on PostgreSQL needs a server: without PARLEY_TEST_PG, the run restarts itself under
 * scripts/with-postgres.mjs (a throwaway cluster; Debian's postgresql package).
 */
const { values, positionals } = parseArgs({ options: { db: { type: 'string', default: 'sqlite' }, processes: { type: 'string' } }, allowPositionals: true });
if (values.db !== 'sqlite' && values.db !== 'postgres') throw new Error('--db: sqlite or postgres');
const processes = values.processes === undefined ? undefined : Number(values.processes);
if (processes !== undefined && (!Number.isInteger(processes) || processes < 2 || values.db !== 'postgres'))
  throw new Error('--processes: a whole number from 2, with --db postgres');
const onPostgres = values.db === 'postgres' || positionals.includes('pg-drivers');
if (onPostgres && !process.env.PARLEY_TEST_PG) {
  const script = fileURLToPath(new URL('../../scripts/with-postgres.mjs', import.meta.url));
  const child = spawnSync(process.execPath, [script, process.execPath, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

const results: Record<string, unknown> = {};
const only = new Set(positionals);
const wanted = (name: string) => only.size === 0 || only.has(name);

if (wanted('delivery') && processes !== undefined) {
  const runs = await benchProcesses(processes);
  printProcesses(runs);
  results.processes = runs;
} else if (wanted('delivery')) {
  const engines: Engine[] = values.db === 'postgres' ? ['sqlite', 'postgres'] : ['sqlite'];
  const delivery: DeliveryResult[] = [];
  for (const engine of engines) {
    const r = await benchDelivery(engine);
    printDelivery(r);
    delivery.push(r);
  }
  results.delivery = delivery;
}
if (wanted('faq')) {
  const faq = await benchFaqLookup();
  printFaqLookup(faq);
  results.faq = faq;
}
if (wanted('inbox')) {
  const inbox = await benchInboxList();
  printInboxList(inbox);
  results.inbox = inbox;
}

if (wanted('retriever')) {
  const retriever = benchRetriever();
  printRetriever(retriever);
  results.retriever = retriever;
}

if (only.has('streams')) {
  const streams = await benchStreams();
  printStreams(streams);
  results.streams = streams;
}

if (only.has('pg-drivers')) {
  const drivers = await benchPgDrivers();
  printPgDrivers(drivers);
  results.pgDrivers = drivers;
}

console.log(JSON.stringify(results));
process.exit(0);
