import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookWithSecret } from '@parley/protocol';
import type { InboxClient } from './inbox-client';

/**
 * The receiver's side of Standard Webhooks, written from the spec with node:crypto alone: an
 * implementation independent of the library that signs. True when one of the signatures is
 * `v1,` + base64 HMAC-SHA256 of `id.timestamp.body` keyed by the secret's bytes.
 */
export function verifyStandardWebhook(secret: string, headers: Record<string, string | string[] | undefined>, body: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key)
    .update(`${String(headers['webhook-id'])}.${String(headers['webhook-timestamp'])}.${body}`)
    .digest();
  return String(headers['webhook-signature'] ?? '')
    .split(' ')
    .some((sig) => {
      const [version, value] = sig.split(',');
      const given = Buffer.from(value ?? '', 'base64');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The parsed body: `{ type, timestamp, data }`. */
  json: { type: string; timestamp: string; data: Record<string, any> };
}

/** How the receiver answers a request: a status, or `hang` (never, until it closes). */
export type Answer = number | 'hang';

/**
 * A webhook receiver on 127.0.0.1 that records every request and answers by `answer` (200
 * unless a test says otherwise; it sees the request and how many came before on its path).
 */
export async function startWebhookReceiver() {
  const received: Received[] = [];
  const hanging = new Set<ServerResponse>();
  let answer: (r: Received, nthOnPath: number) => Answer = () => 200;
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const r: Received = { path: req.url ?? '/', headers: req.headers, body, json: JSON.parse(body) as Received['json'] };
      const n = received.filter((x) => x.path === r.path).length;
      received.push(r);
      const a = answer(r, n);
      if (a === 'hang') return void hanging.add(res);
      res.writeHead(a, { 'content-type': 'text/plain' }).end(a >= 300 ? `answer ${a}` : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let paths = 0;
  return {
    url,
    received,
    /** What arrived on `path`, in order. */
    on: (path: string) => received.filter((r) => r.path === path),
    /** A new endpoint of `by`'s account on a path of its own, so a test reads only its deliveries. */
    async register(by: InboxClient, events: readonly string[]) {
      const path = `/hook-${++paths}`;
      const res = await by.post<WebhookWithSecret>('/v1/inbox/webhooks', { url: url + path, events });
      if (res.status !== 201) throw new Error(`webhook create failed: ${res.status} ${JSON.stringify(res.body)}`);
      return { ...res.body, path };
    },
    answerWith(fn: (r: Received, nthOnPath: number) => Answer) {
      answer = fn;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
export type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;
