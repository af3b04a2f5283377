import { describe, expect, it } from 'vitest';
import { porterStem } from './porter';

describe('porterStem', () => {
  // Examples from Porter's paper.
  it.each([
    ['caresses', 'caress'], ['ponies', 'poni'], ['cats', 'cat'], ['feed', 'feed'], ['agreed', 'agre'],
    ['plastered', 'plaster'], ['motoring', 'motor'], ['sing', 'sing'], ['conflated', 'conflat'],
    ['hopping', 'hop'], ['filing', 'file'], ['happy', 'happi'], ['relational', 'relat'],
    ['conditional', 'condit'], ['triplicate', 'triplic'], ['hopefulness', 'hope'], ['revival', 'reviv'],
    ['adjustment', 'adjust'], ['adoption', 'adopt'], ['controll', 'control'], ['generalizations', 'gener'],
    ['arrived', 'arriv'], ['arrival', 'arriv'], ['as', 'as'],
  ])('%s → %s', (word, stem) => {
    expect(porterStem(word)).toBe(stem);
  });
});
