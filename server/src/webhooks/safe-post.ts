import { lookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** The URL may not be reached: not https, or an address inside a private network. */
export class UnsafeDestination extends Error {}

/**
 * Whether `address` is on the public internet: not loopback, private, link-local (the cloud
 * metadata service at 169.254.169.254), carrier-grade NAT, unique-local, multicast, reserved,
 * nor an IPv6 form that embeds an IPv4 address (mapped, 6to4, Teredo); ipaddr.js names the
 * ranges, and only its plain `unicast` passes.
 */
export function isPublicAddress(address: string): boolean {
  return ipaddr.isValid(address) && ipaddr.process(address).range() === 'unicast';
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A DNS lookup that refuses private answers. The connection uses the very addresses checked
 * here, so a name cannot pass the check and then resolve elsewhere (DNS rebinding).
 */
function publicLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const bad = addresses.find((a) => !isPublicAddress(a.address));
    if (bad) return callback(new UnsafeDestination(`${hostname} resolves to ${bad.address}, which is not a public address`), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

export interface PostOptions {
  /** Loopback and private addresses and plain http allowed (tests, receivers on the same network). */
  allowPrivate: boolean;
  /** The whole exchange, connect to last byte; past it the attempt fails. */
  timeoutMs: number;
}

/** The receiver's answer: its status, and the first bytes of its body (for the owner to read). */
export interface PostAnswer {
  status: number;
  body: string;
}

const KEEP_BODY_BYTES = 1024;

/**
 * POSTs `body` to a URL an account owner typed, as a webhook delivery: https to a public
 * address only (unless `allowPrivate`), checked after DNS, no redirects followed (a 3xx is an
 * answer like any other non-2xx), the whole exchange bounded by `timeoutMs`, and of the
 * answer only the status and its first KiB kept.
 */
export function postSafely(url: string, body: string, headers: Record<string, string>, opts: PostOptions): Promise<PostAnswer> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return reject(new UnsafeDestination('not a URL'));
    }
    if (target.protocol !== 'https:' && !(opts.allowPrivate && target.protocol === 'http:')) return reject(new UnsafeDestination('webhook URLs must be https'));
    const host = target.hostname.replace(/^\[|\]$/g, '');
    // An address in the URL itself is connected to without a lookup: check it here.
    if (!opts.allowPrivate && isIP(host) && !isPublicAddress(host)) return reject(new UnsafeDestination(`${host} is not a public address`));
    const options: RequestOptions = {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Parley-Webhooks/1', ...headers },
      lookup: opts.allowPrivate ? undefined : (publicLookup as RequestOptions['lookup']),
    };
    const req = (target.protocol === 'https:' ? httpsRequest : httpRequest)(target, options, (res) => {
      let kept = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (kept.length < KEEP_BODY_BYTES) kept += chunk.slice(0, KEEP_BODY_BYTES - kept.length);
      });
      res.on('end', () => {
        clearTimeout(deadline);
        resolve({ status: res.statusCode ?? 0, body: kept });
      });
      res.on('error', fail);
    });
    const deadline = setTimeout(() => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
    function fail(err: Error) {
      clearTimeout(deadline);
      reject(err);
    }
    req.on('error', fail);
    req.end(body);
  });
}
