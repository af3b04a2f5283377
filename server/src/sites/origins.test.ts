import { describe, expect, it } from 'vitest';
import { originMatches } from './origins';

describe('originMatches', () => {
  it.each([
    ['https://shop.example.com', 'https://shop.example.com', true],
    ['https://shop.example.com', 'http://shop.example.com', false],
    ['https://shop.example.com', 'https://shop.example.com:8443', false],
    ['http://localhost:*', 'http://localhost:5173', true],
    ['http://localhost:*', 'http://localhost', true],
    ['http://localhost:*', 'http://localhost.evil.com:80', false],
    ['http://127.0.0.1:*', 'http://127.0.0.1:8787', true],
    ['https://*.example.com', 'https://a.b.example.com', true],
    ['https://*.example.com', 'https://example.com', false],
    ['https://*.example.com', 'https://evilexample.com', false],
    ['https://shop.example.com', 'null', false],
    ['garbage', 'https://shop.example.com', false],
  ])('%s vs %s → %s', (pattern, origin, expected) => {
    expect(originMatches(pattern, origin)).toBe(expected);
  });
});
