// Per-site softmax logistic regression over the FAQ's own phrasings, stored as an inverted
// index of weights.
//
// Why sparse: a dense weight matrix (classes × vocabulary) is 10k × ~200k floats for a large
// KB — far too big and too slow to score. Here entry c only has weights for the features that
// occur in its own phrasings/title ("own support"). Scoring a query then walks the postings of
// the query's features only (like a search engine), and training touches only those weights,
// which also makes it ~10× faster than the dense model at 150 entries. Measured on the dev sets
// this restriction costs nothing in accuracy against the dense model (notes: table "model").
//
// Training: plain SGD on the softmax cross-entropy with L2 (weight decay via a global scale,
// so each step costs O(features of the sample)), a 1/t learning-rate decay, a fixed number
// of epochs and a seeded shuffle: same entries → same weights.
import type { SparseVec } from './features';
import { mulberry32, shuffleInPlace } from './prng';

export interface LrOptions {
  epochs: number;
  /** L2 strength per sample step. */
  lambda: number;
  lr0: number;
  seed: number;
  /** Features used by more entries than this get no weights (see below). */
  maxEntriesPerFeature: number;
  /** Epochs shrink for big KBs so that epochs × samples stays ≈ this (SGD needs fewer passes
   * over more data); never below 3. */
  sampleBudget: number;
}

export const DEFAULT_LR: LrOptions = {
  epochs: 15,
  lambda: 3e-5,
  lr0: 0.5,
  seed: 1,
  maxEntriesPerFeature: 200,
  sampleBudget: 40_000,
};

export class SparseSoftmax {
  /** postings: feature f's (class, weight) pairs live at [start[f], start[f+1]). */
  private constructor(
    readonly nClass: number,
    private readonly start: Int32Array,
    private readonly cls: Int32Array,
    private readonly w: Float32Array,
  ) {}

  /**
   * Adds the sample's logits into `out` for the classes it touches and lists those classes in
   * `touched` (once each, using `stamp[c] === mark` as the seen flag). Untouched entries of
   * `out` are left alone, so a caller can reuse buffers across lookups without an O(classes)
   * clear — what keeps lookups fast at 10k entries.
   */
  accumulate(x: SparseVec, out: Float64Array, stamp: Int32Array, mark: number, touched: number[]): void {
    for (let i = 0; i < x.idx.length; i++) {
      const f = x.idx[i] as number;
      const v = x.val[i] as number;
      const end = this.start[f + 1] as number;
      for (let k = this.start[f] as number; k < end; k++) {
        const c = this.cls[k] as number;
        if (stamp[c] !== mark) {
          stamp[c] = mark;
          out[c] = 0;
          touched.push(c);
        }
        out[c] = (out[c] as number) + v * (this.w[k] as number);
      }
    }
  }

  static train(
    xs: readonly SparseVec[],
    ys: readonly number[],
    nFeat: number,
    nClass: number,
    o: LrOptions = DEFAULT_LR,
  ): SparseSoftmax {
    // 1. Own-support pairs (f, c), deduplicated, feature-major.
    const pairsPerFeat: number[][] = Array.from({ length: nFeat }, () => []);
    xs.forEach((x, s) => {
      const y = ys[s] as number;
      for (let i = 0; i < x.idx.length; i++) {
        const list = pairsPerFeat[x.idx[i] as number] as number[];
        if (list[list.length - 1] !== y && !list.includes(y)) list.push(y);
      }
    });
    // In a big KB, features shared by hundreds of entries ("the", " yo", "my") own most of the
    // postings, i.e. most of the training and lookup time, and each says little about any one
    // entry: drop them from the model (BM25 still sees the words). No effect up to 200
    // entries, so none on the dev figures; dropping them at a *share* of the entries instead
    // cost 0.4–0.8 top-1 points at 77–150 entries, so it is an absolute cap.
    for (let f = 0; f < nFeat; f++) {
      if ((pairsPerFeat[f] as number[]).length > o.maxEntriesPerFeature) pairsPerFeat[f] = [];
    }
    const start = new Int32Array(nFeat + 1);
    let total = 0;
    for (let f = 0; f < nFeat; f++) {
      const list = pairsPerFeat[f] as number[];
      list.sort((a, b) => a - b);
      start[f] = total;
      total += list.length;
    }
    start[nFeat] = total;
    const cls = new Int32Array(total);
    for (let f = 0; f < nFeat; f++) cls.set(pairsPerFeat[f] as number[], start[f] as number);
    const w = new Float32Array(total);
    const m = new SparseSoftmax(nClass, start, cls, w);

    // 2. SGD. Weights are stored divided by `scale` (lazy L2 decay).
    const rand = mulberry32(o.seed);
    const order = xs.map((_, i) => i);
    // Only classes sharing a feature with the sample ("touched") have a non-zero logit; the
    // others sit at 0 (no bias term: entries are near-balanced and a bias would make every
    // step O(classes)). So a step costs O(postings of the sample's features), not O(classes),
    // and still uses the exact softmax normaliser.
    const z = new Float64Array(nClass);
    const stamp = new Int32Array(nClass).fill(-1);
    const touched: number[] = [];
    let scale = 1;
    let t = 0;
    const epochs = Math.max(3, Math.min(o.epochs, Math.round(o.sampleBudget / Math.max(1, xs.length))));
    for (let e = 0; e < epochs; e++) {
      shuffleInPlace(order, rand);
      for (const s of order) {
        const x = xs[s] as SparseVec;
        const y = ys[s] as number;
        const lr = o.lr0 / (1 + o.lr0 * o.lambda * t++);
        touched.length = 0;
        for (let i = 0; i < x.idx.length; i++) {
          const f = x.idx[i] as number;
          const v = (x.val[i] as number) * scale;
          const end = start[f + 1] as number;
          for (let k = start[f] as number; k < end; k++) {
            const c = cls[k] as number;
            if (stamp[c] !== t) {
              stamp[c] = t;
              z[c] = 0;
              touched.push(c);
            }
            z[c] = (z[c] as number) + v * (w[k] as number);
          }
        }
        let mx = 0;
        for (const c of touched) if ((z[c] as number) > mx) mx = z[c] as number;
        let sum = (nClass - touched.length) * Math.exp(-mx);
        for (const c of touched) sum += z[c] = Math.exp((z[c] as number) - mx);
        for (const c of touched) z[c] = (z[c] as number) / sum - (c === y ? 1 : 0);
        scale *= 1 - lr * o.lambda;
        if (scale < 1e-6) {
          for (let k = 0; k < total; k++) w[k] = (w[k] as number) * scale;
          scale = 1;
        }
        for (let i = 0; i < x.idx.length; i++) {
          const f = x.idx[i] as number;
          const g = (lr * (x.val[i] as number)) / scale;
          const end = start[f + 1] as number;
          for (let k = start[f] as number; k < end; k++) {
            w[k] = (w[k] as number) - g * (z[cls[k] as number] as number);
          }
        }
      }
    }
    for (let k = 0; k < total; k++) w[k] = (w[k] as number) * scale;
    return m;
  }
}
