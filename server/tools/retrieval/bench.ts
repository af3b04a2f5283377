// Dev-only: build time and lookup latency of the retriever on a synthetic KB.
//   npx tsx server/tools/retrieval/bench.ts [entries=10000] [queries=2000]
import { buildRetriever } from '../../src/bot/retrieval/retriever';
import { mulberry32 } from '../../src/bot/retrieval/prng';
import { syntheticFaq, syntheticWord } from './synthetic';

const n = Number(process.argv[2] ?? 10_000);
const nq = Number(process.argv[3] ?? 2000);
const entries = syntheticFaq(n);
const t0 = performance.now();
const r = buildRetriever(entries);
const buildMs = performance.now() - t0;
const rand = mulberry32(9);
const queries = Array.from({ length: nq }, (_, i) => {
  const e = entries[Math.floor(rand() * entries.length)];
  const words = (e?.phrasings[i % 4] ?? '').split(' ');
  // A visitor's version: some of a phrasing's words, a typo, and an unknown word.
  const kept = words.filter(() => rand() < 0.7);
  if (kept[0]) kept[0] = kept[0].slice(0, -1);
  return [...kept, syntheticWord(50_000 + i)].join(' ');
});
for (const q of queries.slice(0, 200)) r.search(q, 3); // warm-up (JIT)
const times: number[] = [];
for (const q of queries) {
  const t = performance.now();
  r.search(q, 3);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const pct = (p: number): string => (times[Math.min(times.length - 1, Math.floor(p * times.length))] as number).toFixed(2);
const mem = process.memoryUsage();
console.log(`entries=${n} build=${buildMs.toFixed(0)}ms lookup p50=${pct(0.5)}ms p90=${pct(0.9)}ms p99=${pct(0.99)}ms max=${pct(1)}ms heapUsed=${(mem.heapUsed / 1e6).toFixed(0)}MB`);
