// Candidate → calibrated confidence ≈ P(this candidate is the entry that answers the query).
//
// A logistic (Platt-style, multi-feature) model over a few scale-free signals of the ranking:
//   fused score and LR probability  — how strongly the model prefers this entry
//   gap to the best / top margin     — a clear winner vs. a near tie (ambiguity)
//   BM25 raw score (log)             — absolute lexical overlap: out-of-scope queries share few
//                                      informative words with any entry
//   known                            — share of the query's words found anywhere in the FAQ
//   rank                             — first place is right more often at equal score
// Fitted on the dev splits (banking77 + clinc150, faq-k10, each set weighted equally; clinc's
// out-of-scope queries give the negatives) by `server/tools/retrieval/tune.ts --fit`, which prints the constants
// below. Refit whenever features.ts, model.ts or the fusion weight changes.

export interface CandidateFeatures {
  rank: number;
  fused: number;
  p: number;
  bmNorm: number;
  bmRaw: number;
  gapToBest: number;
  marginTop: number;
  known: number;
  nWords: number;
  /** Best cosine between the query and one of the entry's phrasings (full query norm). */
  maxCos: number;
  /** Share of the query's TF-IDF mass on features that the entry's phrasings contain. */
  coverage: number;
}

export const CALIBRATION_INPUTS = ['bias', 'fused', 'p', 'logBm', 'gapToBest', 'marginTop', 'known', 'isTop', 'logWords', 'maxCos', 'coverage'] as const;

export function calibrationInputs(f: CandidateFeatures): number[] {
  return [
    1,
    f.fused,
    f.p,
    Math.log1p(f.bmRaw),
    f.gapToBest,
    f.marginTop,
    f.known,
    f.rank === 0 ? 1 : 0,
    Math.log1p(f.nWords),
    f.maxCos,
    f.coverage,
  ];
}

/** Fitted coefficients, in CALIBRATION_INPUTS order (see header for how). */
export const CALIBRATION_WEIGHTS: readonly number[] = [-6.3841, 8.655, -7.7747, 0.9908, -3.3569, 3.6379, 0.3198, 0.5071, -0.2926, 2.836, -0.7756];

export function calibrate(f: CandidateFeatures, weights: readonly number[] = CALIBRATION_WEIGHTS): number {
  const x = calibrationInputs(f);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] as number) * (weights[i] ?? 0);
  const p = 1 / (1 + Math.exp(-s));
  return Number.isFinite(p) ? Math.min(1, Math.max(0, p)) : 0;
}
