// The Porter (1980) English stemmer, written from the published algorithm
// (M.F. Porter, "An algorithm for suffix stripping", Program 14(3)). ~100 lines instead of a
// dependency; checked to agree with the reference `stemmer` npm package on every word of the
// dev data sets' vocabulary (lab check, see docs/eval.md#porter-stemmer-check).
// Input: a lower-case a–z word. Words of length ≤ 2 come back unchanged.

const isVowelAt = (w: string, i: number): boolean => {
  const ch = w[i];
  if (ch === 'a' || ch === 'e' || ch === 'i' || ch === 'o' || ch === 'u') return true;
  // 'y' is a vowel when it follows a consonant.
  return ch === 'y' && i > 0 && !isVowelAt(w, i - 1);
};

/** m: the number of vowel→consonant transitions ("VC" sequences) in the stem. */
function measure(s: string): number {
  let m = 0;
  let prevVowel = false;
  for (let i = 0; i < s.length; i++) {
    const v = isVowelAt(s, i);
    if (prevVowel && !v) m++;
    prevVowel = v;
  }
  return m;
}

function hasVowel(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isVowelAt(s, i)) return true;
  return false;
}

function endsDoubleConsonant(s: string): boolean {
  const n = s.length;
  return n >= 2 && s[n - 1] === s[n - 2] && !isVowelAt(s, n - 1);
}

/** *o: stem ends consonant-vowel-consonant, the last not w, x or y. */
function endsCvc(s: string): boolean {
  const n = s.length;
  if (n < 3) return false;
  if (isVowelAt(s, n - 1) || !isVowelAt(s, n - 2) || isVowelAt(s, n - 3)) return false;
  const last = s[n - 1];
  return last !== 'w' && last !== 'x' && last !== 'y';
}

const STEP2: readonly [string, string][] = [
  ['ational', 'ate'], ['tional', 'tion'], ['enci', 'ence'], ['anci', 'ance'], ['izer', 'ize'],
  ['bli', 'ble'], ['alli', 'al'], ['entli', 'ent'], ['eli', 'e'], ['ousli', 'ous'],
  ['ization', 'ize'], ['ation', 'ate'], ['ator', 'ate'], ['alism', 'al'], ['iveness', 'ive'],
  ['fulness', 'ful'], ['ousness', 'ous'], ['aliti', 'al'], ['iviti', 'ive'], ['biliti', 'ble'],
  ['logi', 'log'],
];
const STEP3: readonly [string, string][] = [
  ['icate', 'ic'], ['ative', ''], ['alize', 'al'], ['iciti', 'ic'], ['ical', 'ic'], ['ful', ''],
  ['ness', ''],
];
const STEP4: readonly string[] = [
  'al', 'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ion', 'ou',
  'ism', 'ate', 'iti', 'ous', 'ive', 'ize',
];

/** Longest suffix of `w` among `list`, if any. */
function longest<T extends string | readonly [string, string]>(w: string, list: readonly T[]): T | undefined {
  let best: T | undefined;
  let bestLen = 0;
  for (const item of list) {
    const suf = typeof item === 'string' ? item : item[0];
    if (suf.length > bestLen && w.endsWith(suf)) {
      best = item;
      bestLen = suf.length;
    }
  }
  return best;
}

export function porterStem(word: string): string {
  if (word.length <= 2) return word;
  let w = word;

  // Step 1a: plurals.
  if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('ies')) w = w.slice(0, -2);
  else if (!w.endsWith('ss') && w.endsWith('s')) w = w.slice(0, -1);

  // Step 1b: -eed, -ed, -ing.
  if (w.endsWith('eed')) {
    if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1);
  } else {
    let stripped: string | undefined;
    if (w.endsWith('ed') && hasVowel(w.slice(0, -2))) stripped = w.slice(0, -2);
    else if (w.endsWith('ing') && hasVowel(w.slice(0, -3))) stripped = w.slice(0, -3);
    if (stripped !== undefined) {
      w = stripped;
      if (w.endsWith('at') || w.endsWith('bl') || w.endsWith('iz')) w += 'e';
      else if (endsDoubleConsonant(w) && !/[lsz]$/.test(w)) w = w.slice(0, -1);
      else if (measure(w) === 1 && endsCvc(w)) w += 'e';
    }
  }

  // Step 1c: terminal y → i when the stem has a vowel.
  if (w.endsWith('y') && hasVowel(w.slice(0, -1))) w = `${w.slice(0, -1)}i`;

  // Step 2 and 3: map double/single suffixes when m > 0.
  for (const table of [STEP2, STEP3]) {
    const hit = longest(w, table);
    if (hit && measure(w.slice(0, -hit[0].length)) > 0) w = w.slice(0, -hit[0].length) + hit[1];
  }

  // Step 4: remove suffixes when m > 1 (-ion only after s or t).
  const suf = longest(w, STEP4);
  if (suf) {
    const stem = w.slice(0, -suf.length);
    if (measure(stem) > 1 && (suf !== 'ion' || /[st]$/.test(stem))) w = stem;
  }

  // Step 5a: final e.
  if (w.endsWith('e')) {
    const stem = w.slice(0, -1);
    const m = measure(stem);
    if (m > 1 || (m === 1 && !endsCvc(stem))) w = stem;
  }
  // Step 5b: -ll → -l when m > 1.
  if (w.endsWith('ll') && measure(w) > 1) w = w.slice(0, -1);
  return w;
}
