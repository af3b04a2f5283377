import type { HttpBindings } from '@hono/node-server';
import { createMiddleware } from 'hono/factory';
import ipaddr from 'ipaddr.js';
import proxyaddr from 'proxy-addr';

declare module 'hono' {
  interface ContextVariableMap {
    /** Who sent the request, as rate limits and stream caps count it (`clientAddress`). */
    clientIp: string;
  }
}

/** PARLEY_TRUSTED_PROXIES: how many proxies in front to believe, or which (addresses, ranges). */
export type TrustedProxies = number | readonly string[];

/**
 * Sets `clientIp` for every request: the socket's address, or behind trusted proxies the
 * nearest address in X-Forwarded-For that no trusted proxy added (express's `trust proxy`
 * rules, through the same library). Without a trusted proxy the header is never read: any
 * client can write one. IPv6 addresses count by their /64, which is what one subscriber gets.
 */
export function clientAddress(trusted: TrustedProxies) {
  const trust = typeof trusted === 'number' ? (_: string, hop: number) => hop < trusted : proxyaddr.compile([...trusted]);
  const none = trusted === 0 || (typeof trusted !== 'number' && trusted.length === 0);
  return createMiddleware<{ Bindings: HttpBindings }>(async (c, next) => {
    const incoming = c.env.incoming;
    c.set('clientIp', addressBucket((none ? incoming.socket.remoteAddress : proxyaddr(incoming, trust)) ?? 'unknown'));
    await next();
  });
}

/**
 * The key an address is counted under: IPv4 as it is (an IPv4-mapped IPv6 address as its
 * IPv4 one), IPv6 by its first 64 bits, since a single host is routinely given a whole /64
 * and could otherwise take a fresh address for every request.
 */
export function addressBucket(address: string): string {
  if (!address.includes(':') || !ipaddr.isValid(address)) return address;
  const ip = ipaddr.process(address);
  if (ip.kind() === 'ipv4') return ip.toString();
  return `${(ip as ipaddr.IPv6).parts
    .slice(0, 4)
    .map((part) => part.toString(16))
    .join(':')}::/64`;
}
