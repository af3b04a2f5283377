// In-memory BM25 over one document per FAQ entry (title + phrasings + body).
//
// The retriever fuses its max-normalised score with the classifier's probability; both are
// accumulated sparsely over the query's own terms, which keeps lookups fast at 10k entries.
// It is the same ranking function as SQLite FTS5 `bm25()` (k1 = 1.2, b = 0.75), computed in
// memory because the confidence calibration was fitted on this scale.
import { tokenize } from './tokenize';

export class Bm25Index {
  private postings = new Map<string, { docs: Int32Array; tfs: Float32Array }>();
  private docLen: Float32Array;
  private avgLen: number;
  readonly nDocs: number;

  constructor(
    docs: readonly string[],
    private readonly stem = true,
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    this.nDocs = docs.length;
    this.docLen = new Float32Array(docs.length);
    const tmp = new Map<string, { docs: number[]; tfs: number[] }>();
    let total = 0;
    docs.forEach((text, d) => {
      const toks = tokenize(text, { stem });
      this.docLen[d] = toks.length;
      total += toks.length;
      const tf = new Map<string, number>();
      for (const t of toks) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, n] of tf) {
        let p = tmp.get(t);
        if (!p) tmp.set(t, (p = { docs: [], tfs: [] }));
        p.docs.push(d);
        p.tfs.push(n);
      }
    });
    this.avgLen = docs.length > 0 ? total / docs.length || 1 : 1;
    for (const [t, p] of tmp) {
      this.postings.set(t, { docs: Int32Array.from(p.docs), tfs: Float32Array.from(p.tfs) });
    }
  }

  private idf(df: number): number {
    // Lucene's always-positive variant; FTS5 clamps its own at a tiny epsilon instead.
    return Math.log(1 + (this.nDocs - df + 0.5) / (df + 0.5));
  }

  /** Like SparseSoftmax.accumulate: scores into reused buffers, touched docs listed once. */
  accumulate(query: string, out: Float64Array, stamp: Int32Array, mark: number, touched: number[]): void {
    const terms = new Set(tokenize(query, { stem: this.stem }));
    for (const t of terms) {
      const p = this.postings.get(t);
      if (!p) continue;
      const idf = this.idf(p.docs.length);
      for (let i = 0; i < p.docs.length; i++) {
        const d = p.docs[i] as number;
        const tf = p.tfs[i] as number;
        const norm = this.k1 * (1 - this.b + (this.b * (this.docLen[d] as number)) / this.avgLen);
        const s = (idf * tf * (this.k1 + 1)) / (tf + norm);
        if (stamp[d] !== mark) {
          stamp[d] = mark;
          out[d] = 0;
          touched.push(d);
        }
        out[d] = (out[d] as number) + s;
      }
    }
  }
}
