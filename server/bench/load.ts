import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** A baseline server (node `args`), once it prints `listening on <url>`; a stdin pipe ends it with this process. */
export function startListening(args: readonly string[]): Promise<{ url: string; pid: number | undefined; stop: () => void }> {
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      const m = /listening on (\S+)/.exec(d.toString());
      if (m?.[1]) resolve({ url: m[1], pid: child.pid, stop: () => child.kill() });
    });
  });
}

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

/**
 * CPU time (ms) every PostgreSQL process on this machine has used so far: the backends a
 * server's queries run in cost CPU on the same cores. Counts any cluster running here, so
 * read it over a stretch when only the bench uses one.
 */
export function postgresCpuMs(): number {
  let ms = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') ms += processCpuMs(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return ms;
}
