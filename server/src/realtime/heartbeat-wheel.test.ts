import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HeartbeatWheel } from './heartbeat-wheel';

describe('HeartbeatWheel', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('beats every stream once a period, spread over the period rather than all at once', () => {
    const wheel = new HeartbeatWheel(10_000);
    const beats = new Array<number>(400).fill(0);
    const perTick: number[] = [];
    let tick = 0;
    beats.forEach((_, i) =>
      wheel.add(() => {
        beats[i]!++;
        tick++;
      }),
    );
    for (let t = 0; t < 40; t++) {
      tick = 0;
      vi.advanceTimersByTime(250);
      perTick.push(tick);
    }
    expect(beats.every((n) => n === 1)).toBe(true);
    // 400 streams over 40 slots: ten a tick on average, never most of them in one.
    expect(Math.max(...perTick)).toBeLessThan(40);
    vi.advanceTimersByTime(10_000);
    expect(beats.every((n) => n === 2)).toBe(true);
  });

  it('stops beating a stream once it is stopped, and keeps no timer once none is left', () => {
    const wheel = new HeartbeatWheel(1000);
    const a = vi.fn();
    const b = vi.fn();
    const stopA = wheel.add(a);
    const stopB = wheel.add(b);
    vi.advanceTimersByTime(1000);
    stopA();
    vi.advanceTimersByTime(2000);
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(3);
    stopB();
    stopB();
    expect(vi.getTimerCount()).toBe(0);
  });
});
