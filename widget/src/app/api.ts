import type { ErrorBody } from '@parley/protocol';

/** The server answered with an error body (`{ error: { code, message } }`). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Worth trying again later with the same idempotency key: the request may not have arrived. */
export const isRetryable = (e: unknown) => !(e instanceof HttpError) || e.status === 408 || e.status === 429 || e.status >= 500;

export type Request = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** A fetch wrapper for /v1/widget: JSON in and out, the visitor token when there is one. */
export function createRequest(base: string, token: () => string | undefined): Request {
  return async <T>(method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = {};
    const t = token();
    if (t) headers.authorization = `Bearer ${t}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}/v1/widget${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const data = (await res.json().catch(() => ({}))) as Partial<ErrorBody>;
    if (!res.ok) throw new HttpError(res.status, data.error?.code ?? 'http_error', data.error?.message ?? `HTTP ${res.status}`);
    return data as T;
  };
}

/** An idempotency key: 16 random base-36 characters after a prefix. */
export function newClientId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return prefix + Array.from(bytes, (b) => (b % 36).toString(36)).join('');
}
