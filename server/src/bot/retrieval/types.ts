// Public types of the retrieval module (re-exported from index.ts).

/** One FAQ article as the retriever sees it. */
export interface FaqEntry {
  id: string;
  title: string;
  /** Alternative ways visitors ask it (the strongest training signal). */
  phrasings: readonly string[];
  /** Markdown answer body; only its first part is used, as BM25 text. */
  body?: string;
  locale?: string;
}

export interface Candidate {
  id: string;
  /** Reranker score (softmax over the candidate set, 0..1); for ordering and debugging. */
  score: number;
  /** Calibrated ≈ P(this entry is the right answer) in [0, 1]. */
  confidence: number;
}
