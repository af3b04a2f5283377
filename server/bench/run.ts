import { benchDelivery, printDelivery } from './delivery';

/*
 * `pnpm bench`: measures and prints; never a test. Each bench compares against a baseline
 * measured in the same run, since these machines are shared and noisy.
 */
const results: Record<string, unknown> = {};

const delivery = await benchDelivery();
printDelivery(delivery);
results.delivery = delivery;

console.log(JSON.stringify(results));
process.exit(0);
