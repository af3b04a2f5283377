import { spawnServer, type SpawnedServer } from '../test/helpers/spawn-server';
import { testDatabase } from '../test/helpers/test-db';
import {
  CONCURRENCY,
  LATENCY_RATE,
  MESSAGES_PER_ROUND,
  ROUNDS,
  STREAMS,
  benchServerEnv,
  deliveryLatencies,
  openVisitors,
  postMessage,
  waitForDeliveries,
} from './delivery';
import { fmt, median, percentile, postgresCpuMs, processCpuMs, runConcurrently } from './load';

/*
 * `pnpm bench delivery --db postgres --processes N`: the delivery load on N server processes
 * sharing one PostgreSQL database, against one process on the same cluster, in one run. The
 * 1,000 streams are spread over the processes and each message is posted to a process other
 * than its stream's (with N > 1), so every delivery crosses processes: the NOTIFY, the other
 * process's read of the log, its stream. All on the same 2 cores, so CPU per message (all
 * the servers' and PostgreSQL's) says more than the rate.
 */

export interface ProcessesRun {
  processes: number;
  msgsPerSec: number;
  /** Medians over the rounds, in µs a message: every server process together, and PostgreSQL's backends. */
  serverCpuUsPerMsg: number;
  dbCpuUsPerMsg: number;
  p50: number;
  p99: number;
}

async function run(processes: number): Promise<ProcessesRun> {
  const db = await testDatabase('postgres');
  const env = benchServerEnv(db);
  const servers: SpawnedServer[] = [];
  try {
    for (let i = 0; i < processes; i++) servers.push(await spawnServer(env));
    for (const s of servers) s.child.stderr?.pipe(process.stderr);
    const { visitors, streams, sentAt, latencies } = await openVisitors(
      db,
      servers.map((s) => s.url),
    );
    try {
      let sent = 0;
      const send = () => {
        const i = sent++;
        const v = visitors[i % STREAMS]!;
        return postMessage(servers[(v.server + 1) % processes]!.url, v, i, sentAt);
      };
      await runConcurrently(500, CONCURRENCY, send);
      await waitForDeliveries(latencies, 500);
      const latencySorted = await deliveryLatencies(send, latencies);

      const rates: number[] = [];
      const serverCpu: number[] = [];
      const dbCpu: number[] = [];
      const serversCpuMs = () => servers.reduce((sum, s) => sum + processCpuMs(s.child.pid), 0);
      for (let round = 0; round < ROUNDS; round++) {
        const [cpu0, db0] = [serversCpuMs(), postgresCpuMs()];
        const ms = await runConcurrently(MESSAGES_PER_ROUND, CONCURRENCY, send);
        serverCpu.push(((serversCpuMs() - cpu0) * 1000) / MESSAGES_PER_ROUND);
        dbCpu.push(((postgresCpuMs() - db0) * 1000) / MESSAGES_PER_ROUND);
        rates.push((MESSAGES_PER_ROUND / ms) * 1000);
      }
      await waitForDeliveries(latencies, ROUNDS * MESSAGES_PER_ROUND);
      return {
        processes,
        msgsPerSec: median(rates),
        serverCpuUsPerMsg: median(serverCpu),
        dbCpuUsPerMsg: median(dbCpu),
        p50: percentile(latencySorted, 50),
        p99: percentile(latencySorted, 99),
      };
    } finally {
      for (const s of streams) s.close();
    }
  } finally {
    for (const s of servers) s.child.kill('SIGKILL');
    await Promise.all(servers.map((s) => s.exited));
    await db.drop();
  }
}

/** One process, then `processes`, each on a database of its own on the same cluster. */
export async function benchProcesses(processes: number): Promise<ProcessesRun[]> {
  return [await run(1), await run(processes)];
}

export function printProcesses(runs: readonly ProcessesRun[]): void {
  console.log(
    `delivery across processes on one PostgreSQL (${STREAMS} streams spread over them, each message posted to another process than its stream's; ${ROUNDS} rounds of ${MESSAGES_PER_ROUND}, ${CONCURRENCY} in flight; medians)`,
  );
  for (const r of runs)
    console.log(
      `  ${r.processes} process${r.processes === 1 ? ' ' : 'es'}: ${fmt(r.msgsPerSec, 0)} msg/s; CPU ${fmt(r.serverCpuUsPerMsg, 0)} µs/msg in the servers + ${fmt(r.dbCpuUsPerMsg, 0)} in PostgreSQL; latency at ${LATENCY_RATE} msg/s p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms`,
    );
}
