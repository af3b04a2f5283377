// The retriever: FAQ entries in, ranked candidates with calibrated confidence out.
//
// Pipeline (all in memory, built at import, pure CPU):
//   1. features.ts  — query → TF-IDF vector (stemmed words, bigrams, char 3–4-grams)
//   2. model.ts     — sparse softmax LR trained on the entries' phrasings + titles → p(entry)
//   3. bm25.ts      — BM25 over one pooled document per entry → max-normalised score
//   4. fused score  = p + BM25_WEIGHT · bm25/max(bm25)   (ranking)
//   5. calibrate.ts — fused score, margin, lexical-coverage features → confidence ≈ P(correct)
//
// Both 2 and 3 walk inverted indexes (postings of the query's features / terms only), so the
// cost grows with how many entries share the query's words, not with the KB size as such.
//
// Where SQLite FTS5 fits: the KB keeps FTS5 (bm25()) for keyword search in the inbox and as an
// optional pre-filter — pass its ids as `restrictTo` and only those entries are ranked. The
// fused BM25 feature is always computed here, from this module's own index, because the
// calibration constants were fitted on exactly this scale (FTS5's tokenizer differs).
import { Bm25Index } from './bm25';
import { calibrate, type CandidateFeatures } from './calibrate';
import { DEFAULT_FEATURES, Vectorizer, type FeatureConfig, type SparseVec } from './features';
import { DEFAULT_LR, SparseSoftmax, type LrOptions } from './model';
import type { Candidate, FaqEntry } from './types';

/** Weight of the max-normalised BM25 score added to the LR probability (tuned on dev). */
export const BM25_WEIGHT = 0.3;
/** Body text beyond this adds noise to the pooled BM25 document (bodies are answers). */
const BODY_CHARS = 300;

export interface RetrieverOptions {
  features?: Partial<FeatureConfig>;
  lr?: Partial<LrOptions>;
  bm25Weight?: number;
}

export interface SearchOptions {
  /** How many candidates to return (default 3). */
  limit?: number;
  /** Only rank these entry ids (e.g. the ids an FTS5 pre-filter returned). */
  restrictTo?: Iterable<string>;
}

/** Full scoring detail for one candidate (the tuning script and debugging use it). */
export interface ScoredCandidate extends Candidate {
  features: CandidateFeatures;
}

export interface Retriever {
  /** Best entries for the query, best first; [] when nothing in the FAQ relates to it. */
  search(query: string, options?: SearchOptions | number): Candidate[];
  /** Same ranking with the calibration inputs, for evaluation and debugging. */
  explain(query: string, options?: SearchOptions | number): ScoredCandidate[];
  readonly size: number;
}

/** Softmax over all `n` classes where only `touched` have non-zero logits (others are 0). */
function softmaxInPlace(z: Float64Array, touched: readonly number[], n: number): void {
  let mx = 0;
  for (const c of touched) if ((z[c] as number) > mx) mx = z[c] as number;
  let sum = (n - touched.length) * Math.exp(-mx);
  for (const c of touched) sum += z[c] = Math.exp((z[c] as number) - mx);
  for (const c of touched) z[c] = (z[c] as number) / sum;
}

export function buildRetriever(entries: readonly FaqEntry[], options: RetrieverOptions = {}): Retriever {
  const cfg: FeatureConfig = { ...DEFAULT_FEATURES, ...options.features };
  const lrOpts: LrOptions = { ...DEFAULT_LR, ...options.lr };
  const bmW = options.bm25Weight ?? BM25_WEIGHT;
  const ids = entries.map((e) => e.id);
  const idIndex = new Map<string, number>();
  ids.forEach((id, i) => {
    if (!idIndex.has(id)) idIndex.set(id, i);
  });

  const docs: string[] = [];
  const ys: number[] = [];
  entries.forEach((e, c) => {
    for (const text of [e.title, ...e.phrasings]) {
      if (text.trim() === '') continue;
      docs.push(text);
      ys.push(c);
    }
  });
  const vz = new Vectorizer(cfg, docs);
  const xs: SparseVec[] = docs.map((d) => vz.transform(d).vec);
  // Each entry's phrasing vectors, for the nearest-phrasing and coverage confidence signals.
  const byEntry: { vec: SparseVec; norm: number }[][] = entries.map(() => []);
  xs.forEach((vec, i) => {
    let n2 = 0;
    for (const v of vec.val) n2 += v * v;
    byEntry[ys[i] as number]?.push({ vec, norm: Math.sqrt(n2) });
  });
  const model = SparseSoftmax.train(xs, ys, vz.size, entries.length, lrOpts);
  const bm25 = new Bm25Index(
    entries.map((e) => [e.title, ...e.phrasings, (e.body ?? '').slice(0, BODY_CHARS)].join('\n')),
    cfg.stem,
  );

  const zBuf = new Float64Array(entries.length);
  const bmBuf = new Float64Array(entries.length);
  const zStamp = new Int32Array(entries.length).fill(-1);
  const bmStamp = new Int32Array(entries.length).fill(-1);
  const poolStamp = new Int32Array(entries.length).fill(-1);
  let mark = 0;

  function explain(query: string, opts: SearchOptions | number = {}): ScoredCandidate[] {
    const o: SearchOptions = typeof opts === 'number' ? { limit: opts } : opts;
    const limit = Math.max(0, Math.floor(o.limit ?? 3));
    if (entries.length === 0 || limit === 0) return [];
    const allowed = o.restrictTo ? new Set(o.restrictTo) : undefined;

    const q = vz.transform(query);
    const qMap = new Map<number, number>();
    let qNorm2 = 0;
    for (let i = 0; i < q.vec.idx.length; i++) {
      const v = q.vec.val[i] as number;
      qMap.set(q.vec.idx[i] as number, v);
      qNorm2 += v * v;
    }
    /** Best cosine to one of the entry's phrasings, and share of the query's (full) vector
     * mass on features the entry uses at all. */
    const closeness = (c: number): { maxCos: number; coverage: number } => {
      const seen = new Set<number>();
      let maxCos = 0;
      for (const ph of byEntry[c] ?? []) {
        let dot = 0;
        for (let i = 0; i < ph.vec.idx.length; i++) {
          const f = ph.vec.idx[i] as number;
          const qv = qMap.get(f);
          if (qv === undefined) continue;
          dot += qv * (ph.vec.val[i] as number);
          seen.add(f);
        }
        if (ph.norm > 0 && qNorm2 > 0) maxCos = Math.max(maxCos, dot / (ph.norm * Math.sqrt(q.fullNorm2)));
      }
      let covered = 0;
      for (const f of seen) covered += (qMap.get(f) as number) ** 2;
      return { maxCos, coverage: q.fullNorm2 > 0 ? covered / q.fullNorm2 : 0 };
    };
    // Scores into buffers reused across lookups (no O(entries) allocation or clear per query).
    if (++mark === 0x3fffffff) {
      for (const st of [zStamp, bmStamp, poolStamp]) st.fill(-1);
      mark = 0;
    }
    const lrTouched: number[] = [];
    model.accumulate(q.vec, zBuf, zStamp, mark, lrTouched);
    const bmTouched: number[] = [];
    bm25.accumulate(query, bmBuf, bmStamp, mark, bmTouched);
    if (lrTouched.length === 0 && bmTouched.length === 0) return []; // nothing in common
    softmaxInPlace(zBuf, lrTouched, entries.length);
    let bmMax = 0;
    for (const d of bmTouched) if ((bmBuf[d] as number) > bmMax) bmMax = bmBuf[d] as number;

    // Candidates: entries sharing any feature or term with the query (the rest can only tie
    // at the floor). Keep the best `keep` by fused score with an insertion-sorted short list:
    // O(candidates × keep) instead of sorting thousands of candidates at 10k entries.
    const keep = Math.max(limit, 2);
    const top: { c: number; fused: number; p: number; bmRaw: number }[] = [];
    const consider = (c: number): void => {
      if (poolStamp[c] === mark) return;
      poolStamp[c] = mark;
      if (allowed && !allowed.has(ids[c] as string)) return;
      const p = zStamp[c] === mark ? (zBuf[c] as number) : 0;
      const bmRaw = bmStamp[c] === mark ? (bmBuf[c] as number) : 0;
      const fused = p + (bmMax > 0 ? (bmW * bmRaw) / bmMax : 0);
      const last = top[top.length - 1];
      if (top.length === keep && last && (fused < last.fused || (fused === last.fused && c > last.c))) return;
      let i = top.length;
      while (i > 0) {
        const prev = top[i - 1] as (typeof top)[number];
        if (prev.fused > fused || (prev.fused === fused && prev.c < c)) break;
        i--;
      }
      top.splice(i, 0, { c, p, bmRaw, fused });
      if (top.length > keep) top.pop();
    };
    for (const c of lrTouched) consider(c);
    for (const d of bmTouched) consider(d);
    const best = top[0];
    if (!best) return [];
    const second = top[1];
    const out: ScoredCandidate[] = [];
    for (let r = 0; r < Math.min(limit, top.length); r++) {
      const s = top[r] as (typeof top)[number];
      const features: CandidateFeatures = {
        ...closeness(s.c),
        rank: r,
        fused: s.fused,
        p: s.p,
        bmNorm: bmMax > 0 ? s.bmRaw / bmMax : 0,
        bmRaw: s.bmRaw,
        gapToBest: best.fused - s.fused,
        marginTop: r === 0 ? best.fused - (second?.fused ?? 0) : 0,
        known: q.known,
        nWords: q.nWords,
      };
      out.push({ id: ids[s.c] as string, score: s.fused, confidence: calibrate(features), features });
    }
    return out;
  }

  return {
    size: entries.length,
    explain,
    search: (query, opts) => explain(query, opts).map(({ id, score, confidence }) => ({ id, score, confidence })),
  };
}
