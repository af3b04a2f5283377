import type { Me } from '@parley/protocol';
import type { ApiResponse } from './visitor-client';

export type InboxResponse<T> = ApiResponse<T> & { headers: Headers };

export const OWNER = { email: 'owner@example.com', password: 'test-password-123' };

/**
 * The inbox as a browser would call it: keeps the session cookie and sends the inbox's own
 * Origin on every request (what the CSRF check expects). `origin: null` sends none.
 */
export class InboxClient {
  /** The session cookie, `parley_session=…`. */
  cookie: string | null = null;
  /** The device cookie, `parley_device=…`, which the browser sends only to /v1/inbox/auth. */
  deviceCookie: string | null = null;
  constructor(
    readonly baseUrl: string,
    readonly origin: string | null = baseUrl,
  ) {}

  static async login(baseUrl: string, email = OWNER.email, password = OWNER.password): Promise<InboxClient & { me: Me }> {
    const client = new InboxClient(baseUrl);
    const res = await client.request<Me>('POST', '/v1/inbox/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    return Object.assign(client, { me: res.body });
  }

  async request<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<InboxResponse<T>> {
    const device = path.startsWith('/v1/inbox/auth') ? this.deviceCookie : null;
    const cookies = [this.cookie, device].filter(Boolean).join('; ');
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(cookies ? { cookie: cookies } : {}),
        ...(this.origin ? { origin: this.origin } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : body instanceof Uint8Array ? (body as Uint8Array<ArrayBuffer>) : JSON.stringify(body),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const value = /Max-Age=0/i.test(c) ? null : (pair ?? null);
      if (pair?.startsWith('parley_session=')) this.cookie = value;
      if (pair?.startsWith('parley_device=')) this.deviceCookie = value;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // 204s and the like have no JSON body.
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = unknown>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = unknown>(path: string, body: unknown = {}) {
    return this.request<T>('POST', path, body);
  }
  patch<T = unknown>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, body);
  }
  delete<T = unknown>(path: string) {
    return this.request<T>('DELETE', path);
  }
}
