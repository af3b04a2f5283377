import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

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

/**
 * Runs `work` and reports how long it took and the longest the event loop stood still
 * meanwhile: an action that lets other requests run has a longest stall far below its total.
 */
export async function stallsDuring<T>(work: () => Promise<T>): Promise<{ result: T; totalMs: number; longestStallMs: number }> {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const start = performance.now();
  const result = await work();
  const totalMs = performance.now() - start;
  loop.disable();
  return { result, totalMs, longestStallMs: loop.max / 1e6 };
}
