// The retriever alone, in this thread: build time and lookup latency on a synthetic KB
// (`pnpm bench retriever`). `pnpm bench faq` measures the same lookups as the bot makes them,
// through the retriever thread and the database.
import { buildRetriever } from '../src/bot/retrieval/retriever';
import { mulberry32 } from '../src/bot/retrieval/prng';
import { syntheticFaq, syntheticWord } from '../test/helpers/synthetic-faq';

export interface RetrieverResult {
  entries: number;
  buildMs: number;
  lookupMs: { p50: number; p90: number; p99: number; max: number };
  heapUsedMb: number;
}

export function benchRetriever(n = 10_000, nq = 2000): RetrieverResult {
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
  const pct = (p: number) => Math.round(times[Math.min(times.length - 1, Math.floor(p * times.length))]! * 100) / 100;
  return {
    entries: n,
    buildMs: Math.round(buildMs),
    lookupMs: { p50: pct(0.5), p90: pct(0.9), p99: pct(0.99), max: pct(1) },
    heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1e6),
  };
}

export function printRetriever(r: RetrieverResult): void {
  const l = r.lookupMs;
  console.log(`retriever: entries=${r.entries} build=${r.buildMs}ms lookup p50=${l.p50}ms p90=${l.p90}ms p99=${l.p99}ms max=${l.max}ms heapUsed=${r.heapUsedMb}MB`);
}
