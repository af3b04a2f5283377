import type { Conversation, Message, VisitorSession } from '@parley/protocol';

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
}

/** Thin HTTP client for the visitor API, as the widget uses it. */
export class VisitorClient {
  constructor(
    public baseUrl: string,
    public token: string | null = null,
    private readonly origin?: string,
  ) {}

  static async create(baseUrl: string, site = 'pk_demo', extra: Record<string, unknown> = {}): Promise<VisitorClient> {
    const client = new VisitorClient(baseUrl);
    const res = await client.request<VisitorSession>('POST', '/v1/widget/visitors', { site, ...extra });
    if (res.status !== 201) throw new Error(`visitor create failed: ${res.status} ${JSON.stringify(res.body)}`);
    client.token = res.body.token;
    return client;
  }

  async request<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(this.origin ? { origin: this.origin } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Non-JSON bodies (none expected from the API) stay as text for the assertion message.
    }
    return { status: res.status, body: parsed as T };
  }

  async conversation(clientId: string): Promise<Conversation> {
    const res = await this.request<Conversation>('POST', '/v1/widget/conversations', { clientId });
    if (res.status !== 201 && res.status !== 200) throw new Error(`conversation create failed: ${res.status}`);
    return res.body;
  }

  send(conversationId: string, clientId: string, body: string): Promise<ApiResponse<Message>> {
    return this.request<Message>('POST', `/v1/widget/conversations/${conversationId}/messages`, { clientId, body });
  }
}
