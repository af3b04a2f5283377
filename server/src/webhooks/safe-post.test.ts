import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPublicAddress, postSafely, UnsafeDestination } from './safe-post';

/** A receiver on 127.0.0.1: answers `status`, or never when the path is /silent. */
let receiver: Server;
let base: string;
const received: { headers: IncomingMessage['headers']; body: string }[] = [];
beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      if (req.url === '/silent') return;
      if (req.url === '/moved') return void res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
      res.writeHead(req.url === '/gone' ? 410 : 200).end('x'.repeat(5000));
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(() => {
  receiver.closeAllConnections();
  receiver.close();
});

const open = { allowPrivate: true, timeoutMs: 5000 };
const guarded = { allowPrivate: false, timeoutMs: 5000 };

describe('isPublicAddress', () => {
  it('passes public addresses and refuses every private, local, reserved or embedded form', () => {
    for (const a of ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '1.1.1.1']) expect(isPublicAddress(a), a).toBe(true);
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fc00::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '2002:7f00:1::1',
      'not an address',
    ])
      expect(isPublicAddress(a), a).toBe(false);
  });
});

describe('postSafely', () => {
  it('posts the body with its headers and answers the status and the first KiB of the reply', async () => {
    const answer = await postSafely(`${base}/hook`, '{"type":"ping"}', { 'webhook-id': 'msg_1' }, open);
    expect(answer.status).toBe(200);
    expect(answer.body).toHaveLength(1024);
    expect(received.at(-1)).toMatchObject({ body: '{"type":"ping"}', headers: { 'webhook-id': 'msg_1', 'content-type': 'application/json' } });
    expect((await postSafely(`${base}/gone`, '{}', {}, open)).status).toBe(410);
  });

  it('does not follow a redirect: it is the answer', async () => {
    expect((await postSafely(`${base}/moved`, '{}', {}, open)).status).toBe(302);
  });

  it('refuses plain http, private addresses in the URL and names that resolve to them, before sending anything', async () => {
    const before = received.length;
    const port = (receiver.address() as AddressInfo).port;
    for (const url of [`${base}/hook`, `https://127.0.0.1:${port}/`, 'https://169.254.169.254/latest/meta-data', 'https://[::1]/', 'https://[::ffff:7f00:1]/', `https://localhost:${port}/`, 'not a url']) {
      await expect(postSafely(url, '{}', {}, guarded), url).rejects.toBeInstanceOf(UnsafeDestination);
    }
    expect(received.length).toBe(before);
  });

  it('fails a receiver that does not answer in time', async () => {
    await expect(postSafely(`${base}/silent`, '{}', {}, { allowPrivate: true, timeoutMs: 300 })).rejects.toThrow(/no answer within 300 ms/);
  });
});
