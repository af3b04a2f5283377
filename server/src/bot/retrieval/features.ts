// Text → sparse TF-IDF vector over a vocabulary learnt from the FAQ entries.
//
// Three blocks, each L2-normalised on its own and then scaled by a block weight (like a
// scikit-learn FeatureUnion of TfidfVectorizers):
//   w: stemmed word unigrams      — the main lexical signal
//   b: stemmed word bigrams       — word order / short phrases ("top up" ≠ "up top")
//   c: character n-grams of each unstemmed word padded with spaces — typos, inflections
//      the stemmer misses, non-English morphology and unsegmented scripts.
// TF is sub-linear (1 + ln tf) and IDF is smoothed (ln((1+N)/(1+df)) + 1), with N and df
// counted over the training texts (phrasings + titles), so "card" in a banking FAQ weighs
// little. Features absent from the vocabulary are dropped: the model could not have a weight
// for them anyway, but they still count in the vector's norm, and how much of the query was
// unknown is reported separately (`known`): both are out-of-scope signals.
import { normalise, rawWords, stemWord } from './tokenize';

export interface SparseVec {
  idx: Int32Array;
  val: Float32Array;
}

export interface FeatureConfig {
  stem: boolean;
  wordWeight: number;
  bigramWeight: number;
  charWeight: number;
  charMin: number;
  charMax: number;
  /** Unordered pairs of content words within `pairWindow` positions (skip-bigrams). */
  pairWeight: number;
  pairWindow: number;
}

export const DEFAULT_FEATURES: FeatureConfig = {
  stem: true,
  wordWeight: 1,
  bigramWeight: 0.5,
  charWeight: 1,
  charMin: 3,
  charMax: 4,
  pairWeight: 0,
  pairWindow: 4,
};

type Block = 'w' | 'b' | 'c' | 'p';

/** Feature strings with counts, per block, for one text. */
export function extract(text: string, cfg: FeatureConfig): Map<string, number>[] {
  const raw = rawWords(normalise(text));
  const words = cfg.stem ? raw.map(stemWord) : raw;
  const w = new Map<string, number>();
  const b = new Map<string, number>();
  const c = new Map<string, number>();
  const pr = new Map<string, number>();
  const add = (m: Map<string, number>, k: string): void => {
    m.set(k, (m.get(k) ?? 0) + 1);
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    add(w, word);
    if (i > 0 && cfg.bigramWeight > 0) add(b, `${words[i - 1] as string} ${word}`);
  }
  if (cfg.pairWeight > 0) {
    for (let i = 0; i < words.length; i++) {
      for (let j = i + 2; j < words.length && j <= i + cfg.pairWindow; j++) {
        const a = words[i] as string;
        const z = words[j] as string;
        add(pr, a < z ? `${a} ${z}` : `${z} ${a}`);
      }
    }
  }
  if (cfg.charWeight > 0) {
    for (const r of raw) {
      const p = ` ${r} `;
      for (let n = cfg.charMin; n <= cfg.charMax; n++) {
        if (p.length < n) break;
        for (let i = 0; i + n <= p.length; i++) add(c, p.slice(i, i + n));
      }
    }
  }
  return [w, b, c, pr];
}

const BLOCKS: readonly Block[] = ['w', 'b', 'c', 'p'];

export interface Vectorized {
  vec: SparseVec;
  /** Share (0..1) of the text's word tokens that occur in the vocabulary; 1 for no words. */
  known: number;
  /** Number of word tokens. */
  nWords: number;
  /** Squared norm of the vector had unknown features been kept (so ≥ |vec|²). */
  fullNorm2: number;
}

export class Vectorizer {
  readonly vocab = new Map<string, number>();
  private idf: number[] = [];
  private unknownIdf = 1;

  constructor(
    readonly cfg: FeatureConfig,
    docs: readonly string[],
  ) {
    const df = new Map<string, number>();
    for (const d of docs) {
      const blocks = extract(d, cfg);
      blocks.forEach((m, bi) => {
        for (const k of m.keys()) {
          const key = `${BLOCKS[bi] as string}:${k}`;
          df.set(key, (df.get(key) ?? 0) + 1);
        }
      });
    }
    // Sorted keys: the feature numbering (and so every float sum) does not depend on
    // Map insertion order quirks — same entries → same numbers.
    const keys = [...df.keys()].sort();
    const n = docs.length;
    this.unknownIdf = Math.log(1 + n) + 1;
    for (const k of keys) {
      this.vocab.set(k, this.idf.length);
      this.idf.push(Math.log((1 + n) / (1 + (df.get(k) ?? 0))) + 1);
    }
  }

  get size(): number {
    return this.idf.length;
  }

  transform(text: string): Vectorized {
    const blocks = extract(text, this.cfg);
    const weights = [this.cfg.wordWeight, this.cfg.bigramWeight, this.cfg.charWeight, this.cfg.pairWeight];
    const idx: number[] = [];
    const val: number[] = [];
    let nWords = 0;
    let knownWords = 0;
    let fullNorm2 = 0;
    blocks.forEach((m, bi) => {
      const start = idx.length;
      let norm = 0;
      for (const [k, tf] of m) {
        if (bi === 0) nWords += tf;
        const f = this.vocab.get(`${BLOCKS[bi] as string}:${k}`);
        if (f === undefined) {
          // Unknown features still count in the norm (at the rarest IDF): a query made mostly
          // of words the FAQ never uses gets a short vector, so weak evidence everywhere.
          const u = (1 + Math.log(tf)) * this.unknownIdf;
          norm += u * u;
          continue;
        }
        if (bi === 0) knownWords += tf;
        const v = (1 + Math.log(tf)) * (this.idf[f] as number);
        idx.push(f);
        val.push(v);
        norm += v * v;
      }
      const scale = norm > 0 ? (weights[bi] as number) / Math.sqrt(norm) : 0;
      if (norm > 0) fullNorm2 += (weights[bi] as number) ** 2;
      for (let i = start; i < val.length; i++) val[i] = (val[i] as number) * scale;
    });
    return {
      vec: { idx: Int32Array.from(idx), val: Float32Array.from(val) },
      known: nWords === 0 ? 1 : knownWords / nWords,
      nWords,
      fullNorm2,
    };
  }
}
