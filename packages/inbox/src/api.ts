import type { ErrorBody } from '@parley/protocol';

/** An error answer from the server, with its machine code and human message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What to tell the agent about a failed request: the server's own message, else `fallback`. */
export const messageOf = (e: unknown, fallback: string) => (e instanceof ApiError ? e.message : fallback);

/** For a read where one status is an answer (signed out, no such invitation): null, not an error. */
export const nullOn = (status: number) => (e: unknown) => (e instanceof ApiError && e.status === status ? null : Promise.reject(e));

/** Called on any 401, so the app can return to the login screen. */
let onUnauthorized: () => void = () => {};
export const setUnauthorizedHandler = (f: () => void) => (onUnauthorized = f);

/**
 * A request to the inbox API, answered in JSON. Same origin, so the browser sends the session
 * cookie and the Origin header the server's CSRF check wants.
 */
async function send<T>(method: string, path: string, init: { headers?: Record<string, string>; body?: BodyInit } = {}): Promise<T> {
  const res = await fetch(`/v1/inbox${path}`, { method, credentials: 'same-origin', ...init });
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const err = (data as ErrorBody | null)?.error;
    if (res.status === 401 && !path.startsWith('/auth/login')) onUnauthorized();
    throw new ApiError(res.status, err?.code ?? 'internal', err?.message ?? `HTTP ${res.status}`);
  }
  return data as T;
}

const api = <T>(method: string, path: string, body?: unknown) =>
  send<T>(method, path, body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** PUTs a file as the raw body (an avatar), typed by the file's own type. */
export const upload = <T>(path: string, file: Blob) => send<T>('PUT', path, { headers: { 'content-type': file.type }, body: file });

/*
 * A request body's type is its route's schema type from @parley/protocol, named at the call:
 * `post<Me, LoginBody>('/auth/login', …)`. It is never inferred from the argument, so a body
 * sent without its schema's type does not compile. A POST without a body sends `{}`.
 */
export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T = void, B extends object = never>(path: string, body: NoInfer<B> | Record<string, never> = {}) => api<T>('POST', path, body);
export const patch = <T = void, B extends object = never>(path: string, body: NoInfer<B>) => api<T>('PATCH', path, body);
export const put = <T = void, B extends object = never>(path: string, body: NoInfer<B>) => api<T>('PUT', path, body);
export const del = <T>(path: string) => api<T>('DELETE', path);

/** A client id for idempotent sends (docs/spec.md §6): a retry with the same id never posts twice. */
export function clientId(prefix: string): string {
  return `${prefix}-${crypto.randomUUID()}`;
}
