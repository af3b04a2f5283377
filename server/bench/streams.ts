import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request, type ClientRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createParser } from 'eventsource-parser';
import type { VisitorStreamEvent } from '@parley/protocol';
import { conversations } from '../src/db/tables';
import { spawnServer } from '../test/helpers/spawn-server';
import { testDatabase } from '../test/helpers/test-db';
import { VisitorClient } from '../test/helpers/visitor-client';
import { benchServerEnv, deliveryLatencies, postMessage } from './delivery';
import { fmt, percentile, processCpuMs, runConcurrently, startListening } from './load';

/*
 * `pnpm bench streams` (issue 13): what open visitor streams cost one server process. 10,000
 * visitors each open a stream, from 40 loopback addresses (as many as the per-address cap
 * lets through by default); the server's RSS is read before and after, and the same for a
 * bare node:http SSE server (the ceiling). Then, with every stream open, delivery latency at
 * 200 msg/s to 1,000 of them.
 */
const STREAMS = Number(process.env.BENCH_STREAMS ?? 10_000);
const ADDRESSES = 40;
const MEASURED = 1000;

const rssMiB = (pid: number | undefined) => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};
const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Opened {
  requests: ClientRequest[];
  close(): void;
}

/**
 * `urls.length` streams, each from 127.0.0.(i % ADDRESSES + 1), over plain node:http (an
 * EventSource's whole wire behaviour, without fetch's per-stream weight in this process);
 * events of the first MEASURED go to `onEvent`.
 */
async function openStreams(urls: readonly string[], onEvent: (e: VisitorStreamEvent) => void): Promise<Opened> {
  const requests: ClientRequest[] = [];
  await runConcurrently(urls.length, 64, async (i) => {
    await new Promise<void>((resolve, reject) => {
      const req = request(urls[i]!, { agent: false, localAddress: `127.0.0.${(i % ADDRESSES) + 1}`, headers: { accept: 'text/event-stream' } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`stream ${i}: ${res.statusCode}`));
        if (i < MEASURED) {
          const parser = createParser({ onEvent: (ev) => onEvent(JSON.parse(ev.data) as VisitorStreamEvent) });
          res.setEncoding('utf8').on('data', (chunk: string) => parser.feed(chunk));
        } else res.resume();
        resolve();
      });
      req.on('error', reject);
      req.end();
      requests.push(req);
    });
  });
  return { requests, close: () => requests.forEach((r) => r.destroy()) };
}

export interface StreamsResult {
  streams: number;
  baseline: { restMiB: number; openMiB: number; kibPerStream: number };
  parley: { restMiB: number; openMiB: number; kibPerStream: number; p50: number; p99: number; cpuUsPerMessage: number };
}

async function baselineMemory(): Promise<StreamsResult['baseline']> {
  const { url, pid, stop } = await startListening([fileURLToPath(new URL('./sse-baseline-server.mjs', import.meta.url))]);
  await settle(1000);
  const restMiB = rssMiB(pid);
  const opened = await openStreams(Array.from({ length: STREAMS }, () => url), () => {});
  await settle(2000);
  const openMiB = rssMiB(pid);
  opened.close();
  stop();
  return { restMiB, openMiB, kibPerStream: ((openMiB - restMiB) * 1024) / STREAMS };
}

async function parleyMemory(): Promise<StreamsResult['parley']> {
  const db = await testDatabase('sqlite');
  // The default caps, but for visitors made from this one address.
  // The server as `pnpm start` runs it: built, on node alone.
  const built = spawnSync(process.execPath, ['--import', 'tsx', 'build.ts'], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: 'inherit' });
  if (built.status !== 0) throw new Error('the server build failed');
  const server = await spawnServer({ ...benchServerEnv(db), PARLEY_STREAMS_PER_IP: '250', PARLEY_STREAMS_PER_PROCESS: String(STREAMS) }, { built: true });
  const visitors: { client: VisitorClient; conv: string; server: number }[] = [];
  await runConcurrently(STREAMS, 16, async (i) => {
    const client = await VisitorClient.create(server.url);
    visitors[i] = { client, conv: i < MEASURED ? (await client.conversation(`bench-streams-${i}`)).id : '', server: 0 };
  });
  const store = await db.open();
  await store.db.update(conversations).set({ status: 'open' });
  await store.close();
  await settle(3000);
  const restMiB = rssMiB(server.child.pid);

  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const opened = await openStreams(
    visitors.map((v) => `${server.url}/v1/widget/stream?token=${v.client.token}`),
    (e) => {
      if (e.type !== 'message.created' || !e.message.clientId) return;
      const t0 = sentAt.get(e.message.clientId);
      if (t0 !== undefined) latencies.push(performance.now() - t0);
    },
  );
  await settle(3000);
  const openMiB = rssMiB(server.child.pid);

  let i = 0;
  const cpu0 = processCpuMs(server.child.pid);
  const sorted = await deliveryLatencies(() => postMessage(server.url, visitors[i % MEASURED]!, i++, sentAt), latencies);
  const cpuUsPerMessage = ((processCpuMs(server.child.pid) - cpu0) * 1000) / i;
  opened.close();
  server.child.kill();
  await server.exited;
  await db.drop();
  return { restMiB, openMiB, kibPerStream: ((openMiB - restMiB) * 1024) / STREAMS, p50: percentile(sorted, 50), p99: percentile(sorted, 99), cpuUsPerMessage };
}

export async function benchStreams(): Promise<StreamsResult> {
  const baseline = await baselineMemory();
  const parley = await parleyMemory();
  return { streams: STREAMS, baseline, parley };
}

export function printStreams(r: StreamsResult): void {
  const { baseline: b, parley: p } = r;
  console.log(`\nstreams (${r.streams} open visitor streams, one process)`);
  console.log(`  node:http SSE: ${fmt(b.restMiB)} → ${fmt(b.openMiB)} MiB RSS, ${fmt(b.kibPerStream)} KiB a stream`);
  console.log(`  Parley:        ${fmt(p.restMiB)} → ${fmt(p.openMiB)} MiB RSS, ${fmt(p.kibPerStream)} KiB a stream (goal: ≤ 250 MB at 10,000)`);
  console.log(`  delivery at 200 msg/s to ${MEASURED} of them: p50 ${fmt(p.p50)} ms, p99 ${fmt(p.p99)} ms (goal p99 ≤ 25 ms), ${fmt(p.cpuUsPerMessage, 0)} µs CPU a message`);
}
