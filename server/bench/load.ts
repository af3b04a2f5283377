import { readFileSync } from 'node:fs';

/** Runs `total` async jobs with at most `concurrency` in flight; returns the elapsed ms. */
export async function runConcurrently(total: number, concurrency: number, job: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < total) await job(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return performance.now() - start;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function median(values: readonly number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}

export const fmt = (n: number, digits = 1) => n.toFixed(digits);

/**
 * CPU time (user + system, ms) a process has used so far, from /proc (Linux; NaN elsewhere).
 * Per message, it depends far less on other jobs' load than a rate does.
 */
export function processCpuMs(pid: number | undefined): number {
  try {
    // Fields 14 and 15 of stat, counted after the parenthesised command name; in clock ticks of 10 ms.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}
