// FAQ retrieval for the bot: ranks a site's FAQ entries for a visitor message and says how
// sure it is. Pure TypeScript, in memory, no DB/network/native code; deterministic.
//
// API
//   const r = buildRetriever(entries: FaqEntry[], options?)   // train at import/KB change
//   r.search(query, { limit = 3, restrictTo?: ids }) → Candidate[]  // best first
//     Candidate = { id, score, confidence }   confidence ≈ P(this entry is the right one)
//   DEFAULT_THRESHOLDS = { answerThreshold: 0.75, clarifyThreshold: 0.33 } on the *top*
//   candidate's confidence: ≥ answer → answer with it; ≥ clarify → "Did you mean" with the top
//   3; below → offer a person (decide() in ../plan.ts does exactly this).
//   r.explain(query, …) → the same candidates plus the calibration inputs (debug / eval).
//
// How (details in each file and docs/eval.md#method):
//   tokenize.ts  Unicode-aware normalisation + English Porter stemming (porter.ts)
//   features.ts  TF-IDF: stemmed words, bigrams, char 3–4-grams (sub-linear TF, IDF from FAQ)
//   model.ts     sparse softmax logistic regression trained on the phrasings + titles
//   bm25.ts      BM25 over one pooled document per entry (same function as FTS5 bm25())
//   retriever.ts fused score = p(LR) + 0.3 · BM25 / max BM25; candidates from both indexes
//   calibrate.ts logistic calibration fitted on the dev splits (constants in the file)
//
// SQLite FTS5: the KB keeps FTS5 BM25 for keyword search; this module may take FTS5's ids as
// a pre-filter (`restrictTo`), but computes its own BM25 feature, since calibration was
// fitted on this scale. Build cost: ~0.3–0.7 s for 77–150 entries, ~7–13 s for 10k (the server trains
// on a worker thread: ../retriever-thread); lookup p50 ≈ 0.3 ms, p99 ≈ 4.5–6 ms
// at 10k entries (docs/benchmarks.md).
export { buildRetriever, BM25_WEIGHT } from './retriever';
export type { Retriever, SearchOptions, RetrieverOptions, ScoredCandidate } from './retriever';
export { DEFAULT_THRESHOLDS, type BotThresholds } from './thresholds';
export type { FaqEntry, Candidate } from './types';
