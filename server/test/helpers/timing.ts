import { performance } from 'node:perf_hooks';

/**
 * The fastest of `runs` timings of `fn`, in ms: the one least disturbed by whatever else the
 * shared machine is doing. Tests compare two of these from the same run, never one against a
 * fixed number of milliseconds.
 */
export function fastestMs(fn: () => unknown, runs = 5): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}
