import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, retryDelayMs } from './retry-schedule';

describe('the webhook retry schedule', () => {
  it('retries within 5 s first, then ever later, for about a day, and gives up after the last try', () => {
    const middle = (n: number) => retryDelayMs(n, 5000, () => 0.5)!;
    expect(middle(1)).toBe(5000);
    const waits = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => middle(i + 1));
    expect(waits).toEqual([...waits].sort((a, b) => a - b));
    const total = waits.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(24 * 3600_000);
    expect(total).toBeLessThan(30 * 3600_000);
    expect(retryDelayMs(MAX_ATTEMPTS, 5000)).toBeUndefined();
  });

  it('spreads retries ±20 %', () => {
    expect(retryDelayMs(2, 5000, () => 0)).toBe(240_000);
    expect(retryDelayMs(2, 5000, () => 0.999999)).toBe(360_000);
  });
});
