import { benchDelivery, printDelivery } from './delivery';
import { benchFaqLookup, printFaqLookup } from './faq-lookup';
import { benchInboxList, printInboxList } from './inbox-list';
import { benchPgDrivers, printPgDrivers } from './pg-drivers';
import { benchRetriever, printRetriever } from './retriever';

/*
 * `pnpm bench [name…]`: measures and prints; never a test. Each bench compares against a
 * baseline measured in the same run, since these machines are shared and noisy. Names
 * (delivery, faq, inbox, retriever, pg-drivers) pick benches; none runs them all but pg-drivers,
 * which needs a PostgreSQL server (PARLEY_TEST_PG).
 */
const results: Record<string, unknown> = {};
const only = new Set(process.argv.slice(2));
const wanted = (name: string) => only.size === 0 || only.has(name);

if (wanted('delivery')) {
  const delivery = await benchDelivery();
  printDelivery(delivery);
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

if (only.has('pg-drivers')) {
  const drivers = await benchPgDrivers();
  printPgDrivers(drivers);
  results.pgDrivers = drivers;
}

console.log(JSON.stringify(results));
process.exit(0);
