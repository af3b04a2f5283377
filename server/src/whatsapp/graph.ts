import type { Deps } from '../core/deps';

/** The Graph API refused or failed: `retry` when another try may succeed (429, 5xx, no answer), else the request itself was wrong (401, 400…). */
export class GraphError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly retry: boolean,
  ) {
    super(message);
  }
}

/** One outgoing message as the Cloud API takes it: text, or an approved template with its body parameters. */
export type Outgoing = { text: string } | { template: { name: string; language: string; parameters: string[] } };

export interface GraphTemplate {
  name: string;
  language: string;
  status?: string;
  category?: string;
  components?: Array<{ type: string; text?: string }>;
}

/**
 * The WhatsApp Cloud API (Meta's Graph API) at PARLEY_WHATSAPP_GRAPH_URL, with a channel's
 * access token: send a message, list the templates, fetch a media file. Every call has the
 * configured time to answer; an error says whether trying again may help.
 */
export class GraphClient {
  constructor(
    private readonly config: Deps['config'],
    private readonly accessToken: string,
  ) {}

  async #call(path: string, init: RequestInit = {}): Promise<Response> {
    const url = path.startsWith('http') ? path : `${this.config.PARLEY_WHATSAPP_GRAPH_URL.replace(/\/$/, '')}/${path}`;
    let res: Response;
    try {
      res = await fetch(url, {
        ...init,
        headers: { authorization: `Bearer ${this.accessToken}`, ...(init.body ? { 'content-type': 'application/json' } : {}) },
        signal: AbortSignal.timeout(this.config.PARLEY_WHATSAPP_TIMEOUT_SECONDS * 1000),
        redirect: 'error',
      });
    } catch (err) {
      throw new GraphError(`no answer from the Graph API: ${err instanceof Error ? err.message : String(err)}`, null, true);
    }
    if (res.ok) return res;
    const body = (await res.json().catch(() => undefined)) as { error?: { message?: string; code?: number } } | undefined;
    const reason = body?.error?.message ?? res.statusText;
    throw new GraphError(`Graph API ${res.status}: ${reason}`.slice(0, 500), res.status, res.status === 429 || res.status >= 500);
  }

  /** Sends to `to` (a wa_id) from the channel's number; the message's id (wamid) once the API took it. */
  async send(phoneNumberId: string, to: string, message: Outgoing): Promise<string> {
    const content =
      'text' in message
        ? { type: 'text', text: { body: message.text, preview_url: false } }
        : {
            type: 'template',
            template: {
              name: message.template.name,
              language: { code: message.template.language },
              components: message.template.parameters.length
                ? [{ type: 'body', parameters: message.template.parameters.map((text) => ({ type: 'text', text })) }]
                : [],
            },
          };
    const res = await this.#call(`${encodeURIComponent(phoneNumberId)}/messages`, {
      method: 'POST',
      body: JSON.stringify({ messaging_product: 'whatsapp', recipient_type: 'individual', to, ...content }),
    });
    const id = ((await res.json()) as { messages?: Array<{ id?: string }> }).messages?.[0]?.id;
    if (!id) throw new GraphError('the Graph API took the message without an id', res.status, false);
    return id;
  }

  /** The business account's message templates (the first hundred). */
  async templates(businessAccountId: string): Promise<GraphTemplate[]> {
    const res = await this.#call(`${encodeURIComponent(businessAccountId)}/message_templates?fields=name,language,status,category,components&limit=100`);
    return ((await res.json()) as { data?: GraphTemplate[] }).data ?? [];
  }

  /**
   * A media file a customer sent: its URL and type from the API, then the bytes, with the token.
   * Undefined when it is larger than `maxBytes` (said by the API, or found while reading).
   */
  async media(mediaId: string, maxBytes: number): Promise<{ mime: string; bytes: Buffer } | { tooLarge: number } | undefined> {
    const info = (await (await this.#call(encodeURIComponent(mediaId))).json()) as { url?: string; mime_type?: string; file_size?: number };
    if (!info.url) return undefined;
    if (info.file_size && info.file_size > maxBytes) return { tooLarge: info.file_size };
    const res = await this.#call(info.url);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > maxBytes) return { tooLarge: size };
      chunks.push(Buffer.from(chunk));
    }
    return { mime: info.mime_type ?? res.headers.get('content-type') ?? 'application/octet-stream', bytes: Buffer.concat(chunks) };
  }
}
