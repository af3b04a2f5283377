// Lab/test helper: a deterministic synthetic FAQ of any size, for speed tests and the 10k
// latency benchmark. Words come from a Zipf-distributed pseudo-vocabulary (like real text: a
// few very common words, a long tail), so postings lengths look like a real KB's.
import type { FaqEntry } from '../../src/bot/retrieval/types';
import { mulberry32 } from '../../src/bot/retrieval/prng';

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'vi', 'so', 'pe', 'da', 'gu', 'fi', 'ba', 'zo', 'te', 'ch', 'an', 'or'];

export function syntheticWord(i: number): string {
  let w = '';
  let n = i + 1;
  while (n > 0) {
    w += SYLLABLES[n % SYLLABLES.length] as string;
    n = Math.floor(n / SYLLABLES.length);
  }
  return w;
}

export function zipfSampler(vocabSize: number, rand: () => number): () => number {
  const cdf = new Float64Array(vocabSize);
  let s = 0;
  for (let i = 0; i < vocabSize; i++) cdf[i] = s += 1 / (i + 1);
  return () => {
    const x = rand() * s;
    let lo = 0;
    let hi = vocabSize - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cdf[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export function syntheticFaq(n: number, phrasings = 4, wordsPer = 8, vocab = 20_000, seed = 42): FaqEntry[] {
  const rand = mulberry32(seed);
  const next = zipfSampler(vocab, rand);
  const sentence = (topic: string[]): string => {
    const ws: string[] = [];
    for (let i = 0; i < wordsPer; i++) ws.push(rand() < 0.4 ? (topic[Math.floor(rand() * topic.length)] as string) : syntheticWord(next()));
    return ws.join(' ');
  };
  return Array.from({ length: n }, (_, i) => {
    const topic = [syntheticWord(next()), syntheticWord(next()), syntheticWord(200 + Math.floor(rand() * (vocab - 200)))];
    return {
      id: `e${i}`,
      title: `${topic.join(' ')} ${syntheticWord(next())}`,
      phrasings: Array.from({ length: phrasings }, () => sentence(topic)),
    };
  });
}
