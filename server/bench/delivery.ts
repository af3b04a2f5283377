import { fileURLToPath } from 'node:url';
import type { VisitorStreamEvent } from '@parley/protocol';
import { openStream, type SseConnection } from '../test/helpers/sse-client';
import { spawnServer } from '../test/helpers/spawn-server';
import { conversations } from '../src/db/tables';
import type { Engine } from '../src/db/store';
import { testDatabase, type TestDatabase } from '../test/helpers/test-db';
import { VisitorClient } from '../test/helpers/visitor-client';
import { fmt, median, percentile, postgresCpuMs, processCpuMs, runConcurrently, startListening } from './load';

export const STREAMS = 1000;
export const MESSAGES_PER_ROUND = 2000;
export const ROUNDS = 5;
/** Latency is measured at a fixed offered rate below capacity (docs/spec.md §6 used 200 msg/s). */
export const LATENCY_RATE = 200;
const LATENCY_MESSAGES = 2000;
export const CONCURRENCY = 32;

export async function waitForDeliveries(latencies: readonly number[], expected: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (latencies.length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  if (latencies.length < expected) throw new Error(`only ${latencies.length}/${expected} messages were delivered`);
}

function startBaseline(db: TestDatabase): ReturnType<typeof startListening> {
  const engineArgs = db.engine === 'postgres' ? ['postgres', db.env.DATABASE_URL!] : ['sqlite'];
  return startListening(['--import', 'tsx', fileURLToPath(new URL('./baseline-server.ts', import.meta.url)), ...engineArgs]);
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  await res.arrayBuffer();
  return res.status;
}

/** A bench server's settings: its database, and limits that 1,000 visitors from one address never reach. */
export function benchServerEnv(db: TestDatabase): Record<string, string> {
  return {
    PORT: '0',
    ...db.env,
    PARLEY_ADMIN_PASSWORD: 'bench-password-123',
    PARLEY_RATE_VISITORS_PER_IP: '1000000',
    PARLEY_RATE_MESSAGES_PER_VISITOR: '1000000',
    // All 1,000 streams come from this one address.
    PARLEY_STREAMS_PER_IP: '1000000',
  };
}

/** Posts message `i` as visitor `v` to the server at `url`, noting when (`sentAt`), for its stream to time it. */
export function postMessage(url: string, v: BenchVisitors['visitors'][number], i: number, sentAt: Map<string, number>): Promise<void> {
  const clientId = `bench-msg-${i}`;
  sentAt.set(clientId, performance.now());
  return post(`${url}/v1/widget/conversations/${v.conv}/messages`, { clientId, body: `message ${i}` }, { authorization: `Bearer ${v.client.token}` }).then(
    (s) => {
      if (s !== 201) throw new Error(`parley answered ${s}`);
    },
  );
}

export interface BenchVisitors {
  visitors: { client: VisitorClient; conv: string; server: number }[];
  streams: SseConnection[];
  /** When each message (by client id) was sent, and how long each took to reach its stream. */
  sentAt: Map<string, number>;
  latencies: number[];
}

/**
 * STREAMS visitors, each with a conversation in `open` status and a stream, spread over the
 * servers in turn (visitor i on server i % n).
 */
export async function openVisitors(db: TestDatabase, urls: readonly string[]): Promise<BenchVisitors> {
  const out: BenchVisitors = { visitors: [], streams: [], sentAt: new Map(), latencies: [] };
  for (let i = 0; i < STREAMS; i++) {
    const server = i % urls.length;
    const client = await VisitorClient.create(urls[server]!);
    const conv = await client.conversation(`bench-conv-${i}`);
    out.visitors.push({ client, conv: conv.id, server });
    const stream = openStream(`${urls[server]}/v1/widget/stream?token=${client.token}`, {
      onEvent: (e: VisitorStreamEvent) => {
        if (e.type !== 'message.created' || !e.message.clientId) return;
        const t0 = out.sentAt.get(e.message.clientId);
        if (t0 !== undefined) out.latencies.push(performance.now() - t0);
      },
    });
    out.streams.push(stream);
  }
  await Promise.all(out.streams.map((s) => s.ready));
  // Live chat with a person, the path every message takes after a handoff. In `bot` status
  // each message would also run the bot pipeline and write its reply: a different benchmark.
  const store = await db.open();
  await store.db.update(conversations).set({ status: 'open' });
  await store.close();
  return out;
}

/**
 * Delivery latency, open loop, at a rate the server sustains, on a settled system: latency
 * under saturation is only queueing (Little's law), and right after a saturating burst both
 * processes are still collecting its garbage (docs/benchmarks.md). Sorted, in ms.
 */
export async function deliveryLatencies(send: () => Promise<void>, latencies: number[]): Promise<number[]> {
  latencies.length = 0;
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < LATENCY_MESSAGES; i++) {
    const due = start + (i * 1000) / LATENCY_RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(send());
  }
  await Promise.all(inFlight);
  await waitForDeliveries(latencies, LATENCY_MESSAGES);
  const sorted = [...latencies].sort((a, b) => a - b);
  latencies.length = 0;
  return sorted;
}

export interface DeliveryResult {
  engine: Engine;
  /** Medians over the rounds; each round measures the baseline, then Parley, back to back. */
  parleyMsgsPerSec: number;
  baselineReqPerSec: number;
  ratio: number;
  /** Server CPU time per message in the throughput rounds (µs, medians): where the ratio goes. */
  parleyCpuUsPerMsg: number;
  baselineCpuUsPerReq: number;
  /** PostgreSQL's backends' CPU per message in the same rounds (µs, medians); NaN on SQLite, which runs in the server. */
  parleyDbCpuUsPerMsg: number;
  baselineDbCpuUsPerReq: number;
  rounds: number;
  p50: number;
  p99: number;
  streams: number;
}

/**
 * POST → zod → SQLite transaction (message + event) → EventBus → SSE write → received by
 * the visitor's open stream, with 1,000 streams open, in conversations an agent has taken;
 * next to the bare baseline in the same run.
 */
export async function benchDelivery(engine: Engine): Promise<DeliveryResult> {
  const db = await testDatabase(engine);
  const server = await spawnServer(benchServerEnv(db));
  // A failed request shows why.
  server.child.stderr?.pipe(process.stderr);
  // The ceiling gets a database of its own on the same engine (and, for PostgreSQL, server).
  const baselineDb = await testDatabase(engine);
  const baseline = await startBaseline(baselineDb);
  const { visitors, streams, sentAt, latencies } = await openVisitors(db, [server.url]);
  try {
    const send = (i: number) => postMessage(server.url, visitors[i % STREAMS]!, i, sentAt);
    const sendBaseline = (i: number) =>
      post(`${baseline.url}/m`, { clientId: `bench-msg-${i}`, body: `message ${i}` }).then((s) => {
        if (s !== 201) throw new Error(`baseline answered ${s}`);
      });

    // Warm both (JIT, SQLite page cache).
    let sent = 0;
    await runConcurrently(500, CONCURRENCY, () => sendBaseline(sent++));
    await runConcurrently(500, CONCURRENCY, () => send(sent++));
    latencies.length = 0;
    const latencySorted = await deliveryLatencies(() => send(sent++), latencies);

    // Throughput: alternate short rounds, so drift in the machine's load hits both sides
    // alike, and keep the median of each.
    const baselineRates: number[] = [];
    const parleyRates: number[] = [];
    const ratios: number[] = [];
    const parleyCpu: number[] = [];
    const baselineCpu: number[] = [];
    const parleyDbCpu: number[] = [];
    const baselineDbCpu: number[] = [];
    // PostgreSQL's backends run on the same cores: their CPU per message is the other half of the cost.
    const dbCpuMs = () => (engine === 'postgres' ? postgresCpuMs() : NaN);
    const cpuPerMessage = async (pid: number | undefined, cpu: number[], dbCpu: number[], round: () => Promise<number>) => {
      const before = processCpuMs(pid);
      const dbBefore = dbCpuMs();
      const ms = await round();
      cpu.push(((processCpuMs(pid) - before) * 1000) / MESSAGES_PER_ROUND);
      dbCpu.push(((dbCpuMs() - dbBefore) * 1000) / MESSAGES_PER_ROUND);
      return ms;
    };
    for (let round = 0; round < ROUNDS; round++) {
      const baselineMs = await cpuPerMessage(baseline.pid, baselineCpu, baselineDbCpu, () =>
        runConcurrently(MESSAGES_PER_ROUND, CONCURRENCY, () => sendBaseline(sent++)),
      );
      const parleyMs = await cpuPerMessage(server.child.pid, parleyCpu, parleyDbCpu, () =>
        runConcurrently(MESSAGES_PER_ROUND, CONCURRENCY, () => send(sent++)),
      );
      baselineRates.push((MESSAGES_PER_ROUND / baselineMs) * 1000);
      parleyRates.push((MESSAGES_PER_ROUND / parleyMs) * 1000);
      ratios.push(baselineMs / parleyMs);
    }
    await waitForDeliveries(latencies, ROUNDS * MESSAGES_PER_ROUND);

    return {
      engine,
      parleyMsgsPerSec: median(parleyRates),
      baselineReqPerSec: median(baselineRates),
      ratio: median(ratios),
      parleyCpuUsPerMsg: median(parleyCpu),
      baselineCpuUsPerReq: median(baselineCpu),
      parleyDbCpuUsPerMsg: median(parleyDbCpu),
      baselineDbCpuUsPerReq: median(baselineDbCpu),
      rounds: ROUNDS,
      p50: percentile(latencySorted, 50),
      p99: percentile(latencySorted, 99),
      streams: STREAMS,
    };
  } finally {
    for (const s of streams) s.close();
    baseline.stop();
    server.child.kill('SIGKILL');
    await server.exited;
    await db.drop();
    await baselineDb.drop();
  }
}

export function printDelivery(r: DeliveryResult): void {
  const ceiling = r.engine === 'postgres' ? 'one insert through a node-postgres pool' : 'one better-sqlite3 insert';
  console.log(`delivery on ${r.engine} (${r.streams} open SSE streams, ${r.rounds} rounds of ${MESSAGES_PER_ROUND} messages, ${CONCURRENCY} in flight; medians)
  parley   POST → persisted → delivered: ${fmt(r.parleyMsgsPerSec, 0)} msg/s
  baseline node:http + ${ceiling}: ${fmt(r.baselineReqPerSec, 0)} req/s
  ratio ${fmt(r.ratio, 2)} (median of per-round ratios; goal ≥ 0.5)
  server CPU: parley ${fmt(r.parleyCpuUsPerMsg, 0)} µs/msg, baseline ${fmt(r.baselineCpuUsPerReq, 0)} µs/req (Linux /proc)${
    r.engine === 'postgres' ? `\n  PostgreSQL's CPU: parley ${fmt(r.parleyDbCpuUsPerMsg, 0)} µs/msg, baseline ${fmt(r.baselineDbCpuUsPerReq, 0)} µs/req` : ''
  }
  delivery latency at ${LATENCY_RATE} msg/s offered: p50 ${fmt(r.p50)} ms, p99 ${fmt(r.p99)} ms (goal p99 ≤ 25 ms)`);
}
