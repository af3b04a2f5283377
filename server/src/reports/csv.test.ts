import { describe, expect, it } from 'vitest';
import { toCsv } from './csv';

const oneCell = (text: unknown) => toCsv([], [[text]]).split('\n').slice(1, -1).join('\n');

describe('toCsv', () => {
  it('quotes every cell and doubles quotes inside', () => {
    expect(toCsv(['agent', 'n'], [['Rae, "the closer"', 3], [null, 0]])).toBe('"agent","n"\n"Rae, ""the closer""","3"\n"","0"\n');
  });

  it.each([
    ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
    ['+1+2', `"'+1+2"`],
    ['-2+3', `"'-2+3"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\t=1', `"'\t'=1"`],
    ['\r=1', `"'\r'=1"`],
    ['Ada\n=cmd|calc', `"Ada\n'=cmd|calc"`],
    ['Ada\r\n@evil', `"Ada\r\n'@evil"`],
    ['Ada\t+evil', `"Ada\t'+evil"`],
    ['Ada = fine, a-b', `"Ada = fine, a-b"`],
  ])('defuses a formula in %j', (text, expected) => {
    expect(oneCell(text)).toBe(expected);
  });

  it('writes numbers as they are', () => {
    expect(oneCell(-5)).toBe('"-5"');
  });
});
