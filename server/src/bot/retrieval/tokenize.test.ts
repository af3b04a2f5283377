import { describe, expect, it } from 'vitest';
import { MAX_QUERY_CHARS, normalise, tokenize } from './tokenize';

describe('tokenize', () => {
  it('lower-cases, stems English and keeps contractions as one token', () => {
    expect(tokenize("My card HASN'T arrived, I'm waiting")).toEqual(['my', 'card', 'hasnt', 'arriv', 'im', 'wait']);
  });

  it('folds Latin accents so "cancelación" matches "cancelacion"', () => {
    expect(tokenize('Cancelación')).toEqual(tokenize('cancelacion'));
    expect(normalise('Größe Ça')).toBe('große ca');
  });

  it('keeps non-Latin scripts and does not stem them', () => {
    expect(tokenize('كيف أغير كلمة المرور')).toEqual(['كيف', 'اغير', 'كلمة', 'المرور']);
    // hamza-on-alef folds to bare alef (a common Arabic search normalisation)
    expect(tokenize('أغير')).toEqual(tokenize('اغير'));
    expect(tokenize('パスワードを忘れた')).toEqual(['パスワードを忘れた']);
    expect(tokenize('Пароль забыл')).toEqual(['пароль', 'забыл']);
  });

  it('returns no tokens for punctuation, emoji and FTS syntax characters only', () => {
    expect(tokenize('?!… 🙂🎉 "*( -: ')).toEqual([]);
    expect(tokenize('')).toEqual([]);
  });

  it('treats FTS5 operators as ordinary words', () => {
    expect(tokenize('"card" NEAR(lost) AND -stolen:*')).toEqual(['card', 'near', 'lost', 'and', 'stolen']);
  });

  it('caps very long input', () => {
    expect(normalise('a '.repeat(10_000)).length).toBeLessThanOrEqual(MAX_QUERY_CHARS);
  });
});
