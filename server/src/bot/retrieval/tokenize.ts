// Text → tokens. One job: turn arbitrary visitor/owner text into comparable word tokens.
//
// Why this shape:
// - Unicode-aware (`\p{L}\p{N}`), so es/fr/de/pt/ar/… words survive; scripts written without
//   spaces (CJK, Thai) come out as one long "word" per run, which the character n-grams in
//   features.ts still match on.
// - NFKC + lower-case + removal of Latin accents and Arabic short-vowel marks: visitors often
//   type "cancelacion" for "cancelación". Only those two mark ranges are removed: stripping
//   every combining mark would destroy Indic vowel signs.
// - Apostrophes inside a word are dropped ("hasn't" → "hasnt", "card's" → "cards") so the
//   contraction stays one token that both sides spell the same way.
// - English Porter stemming (porter.ts) only for tokens that are plain a–z, so non-Latin words
//   pass through untouched; measured +1–2 top-1 points (docs/eval.md#what-stemming-is-worth).
// Never throws, whatever the input (emoji, control characters, 10k characters, FTS syntax).
import { porterStem } from './porter';

/** Longest input we look at; the rest of a wall of text adds cost, not signal. */
export const MAX_QUERY_CHARS = 2000;

const LATIN_ACCENTS = /[\u0300-\u036f]/g;
const ARABIC_MARKS = /[\u064b-\u065f\u0670]/g;
const INNER_APOSTROPHE = /(?<=[\p{L}\p{N}])['’ʼ`](?=[\p{L}\p{N}])/gu;
const WORD = /[\p{L}\p{N}]+/gu;
const ASCII_WORD = /^[a-z]+$/;

export function normalise(text: string): string {
  const cut = text.length > MAX_QUERY_CHARS ? text.slice(0, MAX_QUERY_CHARS) : text;
  return cut
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFD')
    .replace(LATIN_ACCENTS, '')
    .replace(ARABIC_MARKS, '')
    .normalize('NFC')
    .replace(INNER_APOSTROPHE, '');
}

export interface TokenizeOptions {
  /** Porter-stem plain a–z tokens (English). Default true. */
  stem?: boolean;
}

/** Raw (unstemmed) word tokens of already-normalised text. */
export function rawWords(normalised: string): string[] {
  return normalised.match(WORD) ?? [];
}

const stemCache = new Map<string, string>();
export function stemWord(w: string): string {
  if (!ASCII_WORD.test(w) || w.length < 3) return w;
  let s = stemCache.get(w);
  if (s === undefined) {
    s = porterStem(w);
    if (stemCache.size > 100_000) stemCache.clear();
    stemCache.set(w, s);
  }
  return s;
}

/** Word tokens of any text: normalised, optionally stemmed. */
export function tokenize(text: string, opts: TokenizeOptions = {}): string[] {
  const words = rawWords(normalise(text));
  return opts.stem === false ? words : words.map(stemWord);
}
