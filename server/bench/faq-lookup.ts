import { newToken } from '../src/auth/tokens';
import { newId } from '../src/db/ids';
import { KbRetrievers } from '../src/bot/kb-retriever';
import { mulberry32 } from '../src/bot/retrieval/prng';
import { syntheticFaq, syntheticWord } from '../test/helpers/synthetic-faq';
import { testDatabase } from '../test/helpers/test-db';
import { accounts, sites } from '../src/db/tables';
import { importArticles } from '../src/kb/articles';
import { searchArticles } from '../src/kb/search';
import { fmt, percentile } from './load';

const ARTICLES = 10_000;
const QUERIES = 3_000;
const WARMUP = 300;

export interface FaqLookupResult {
  articles: number;
  queries: number;
  importMs: number;
  buildMs: number;
  /** The bot's lookup as the pipeline runs it: KB revision check, a round trip to the retriever thread, article rows. */
  lookup: { p50: number; p99: number; max: number };
  /** Baseline in the same run: SQLite FTS5 bm25 top-10 over the same articles (the KB search). */
  fts5: { p50: number; p99: number };
}

async function timeEach(queries: readonly string[], run: (q: string) => unknown): Promise<number[]> {
  for (const q of queries.slice(0, WARMUP)) await run(q);
  const times: number[] = [];
  for (const q of queries) {
    const t = performance.now();
    await run(q);
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
}

/**
 * FAQ lookup latency at 10,000 articles (issue target: p99 ≤ 5 ms): a synthetic KB (Zipf
 * vocabulary, title + 4 phrasings each) imported through the real KB import, queried with
 * visitor-like variants of its phrasings (words dropped, a typo, an unknown word).
 */
export async function benchFaqLookup(): Promise<FaqLookupResult> {
  const temp = await testDatabase();
  const store = await temp.open();
  const { db } = store;
  const kb = new KbRetrievers(db);
  try {
    const accountId = newId('acc');
    const siteId = newId('site');
    await db.insert(accounts).values({ id: accountId, name: 'bench' });
    await db.insert(sites).values({ id: siteId, accountId, name: 'bench', publicKey: newId('pk'), secret: newToken('sk'), allowedOrigins: [] });
    const entries = syntheticFaq(ARTICLES);
    let t = performance.now();
    await importArticles(
      db,
      siteId,
      entries.map((e) => ({ id: e.id, title: e.title, phrasings: [...e.phrasings], body: '', category: null, locale: null, status: 'published' as const })),
    );
    const importMs = performance.now() - t;
    t = performance.now();
    await kb.warm(siteId);
    const buildMs = performance.now() - t;

    const rand = mulberry32(9);
    const queries = Array.from({ length: QUERIES }, (_, i) => {
      const e = entries[Math.floor(rand() * entries.length)]!;
      const kept = (e.phrasings[i % e.phrasings.length] ?? '').split(' ').filter(() => rand() < 0.7);
      if (kept[0]) kept[0] = kept[0].slice(0, -1);
      return [...kept, syntheticWord(50_000 + i)].join(' ');
    });
    const lookup = await timeEach(queries, (q) => kb.search(siteId, q, 4));
    const fts = await timeEach(queries, (q) => searchArticles(db, siteId, q, 10));
    return {
      articles: ARTICLES,
      queries: QUERIES,
      importMs,
      buildMs,
      lookup: { p50: percentile(lookup, 50), p99: percentile(lookup, 99), max: lookup.at(-1)! },
      fts5: { p50: percentile(fts, 50), p99: percentile(fts, 99) },
    };
  } finally {
    await kb.close();
    await store.close();
    await temp.drop();
  }
}

export function printFaqLookup(r: FaqLookupResult): void {
  console.log(`faq lookup (${r.articles} published articles, ${r.queries} queries after ${WARMUP} warm-up)
  import ${fmt(r.importMs / 1000)} s, retriever build ${fmt(r.buildMs / 1000)} s
  bot lookup (revision + thread round trip + rows): p50 ${fmt(r.lookup.p50, 2)} ms, p99 ${fmt(r.lookup.p99, 2)} ms, max ${fmt(r.lookup.max, 1)} ms (goal p99 ≤ 5 ms)
  baseline FTS5 bm25 top-10:                        p50 ${fmt(r.fts5.p50, 2)} ms, p99 ${fmt(r.fts5.p99, 2)} ms
  ratio p99 lookup / FTS5 ${fmt(r.lookup.p99 / r.fts5.p99, 2)}`);
}
