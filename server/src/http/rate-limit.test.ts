import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit';

describe('RateLimiter', () => {
  it('allows a burst, then refuses until tokens refill', () => {
    let now = 0;
    const limiter = new RateLimiter(60, 3, () => now);
    expect([1, 2, 3, 4].map(() => limiter.take('ip'))).toEqual([true, true, true, false]);
    now += 1000;
    expect(limiter.take('ip')).toBe(true);
    expect(limiter.take('ip')).toBe(false);
  });

  it('forgets full buckets once it keeps many, and sweeps rarely when most are not full', () => {
    let now = 0;
    const limiter = new RateLimiter(60, 2, () => now);
    // 250,000 visitors at once, each bucket part used: nothing to forget, and no sweep per take
    // (each would walk every bucket: quadratic). Linear time is what makes this finish at all.
    for (let i = 0; i < 250_000; i++) limiter.take(`busy-${i}`);
    expect(limiter.size).toBe(250_000);
    // A minute later they have all refilled: the next sweep forgets them.
    now += 60_000;
    for (let i = 0; i < 250_001; i++) limiter.take(`later-${i}`);
    expect(limiter.size).toBeLessThan(500_001);
    expect(limiter.size).toBeGreaterThanOrEqual(250_001);
  });

  it('keeps separate buckets per key', () => {
    const limiter = new RateLimiter(1, 1, () => 0);
    expect(limiter.take('a')).toBe(true);
    expect(limiter.take('b')).toBe(true);
    expect(limiter.take('a')).toBe(false);
  });
});
