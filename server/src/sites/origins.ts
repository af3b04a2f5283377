/**
 * Allowed-origin patterns a site owner can enter:
 * - `https://shop.example.com`  exactly that origin;
 * - `http://localhost:*`        that scheme and host on any port;
 * - `https://*.example.com`     any subdomain (not the apex: list it too).
 */
export function originMatches(pattern: string, origin: string): boolean {
  if (pattern === origin) return true;
  const p = /^(https?):\/\/(\*\.)?([^/:*]+)(?::(\*|\d+))?$/.exec(pattern);
  const o = /^(https?):\/\/([^/:]+)(?::(\d+))?$/.exec(origin);
  if (!p || !o) return false;
  const [, pScheme, wildcardSub, pHost, pPort] = p;
  const [, oScheme, oHost, oPort] = o;
  if (pScheme !== oScheme || !pHost || !oHost) return false;
  const hostOk = wildcardSub ? oHost.endsWith(`.${pHost}`) : oHost === pHost;
  const portOk = pPort === '*' || (pPort ?? '') === (oPort ?? '');
  return hostOk && portOk;
}

export function originAllowed(patterns: readonly string[], origin: string): boolean {
  return patterns.some((p) => originMatches(p, origin));
}

/** The origin of a URL, e.g. for PUBLIC_URL `http://127.0.0.1:8787/x` → `http://127.0.0.1:8787`. */
export function originOf(url: string): string {
  return new URL(url).origin;
}
