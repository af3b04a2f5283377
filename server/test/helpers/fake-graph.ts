import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A message the fake Graph API was asked to send: the number it was sent from, the token, the JSON body. */
export interface GraphSend {
  phoneNumberId: string;
  authorization: string | undefined;
  body: { to: string; type: string; text?: { body: string }; template?: { name: string; language: { code: string }; components: Array<{ parameters: Array<{ text: string }> }> } };
}

/** How the fake answers a send: 200 with a new wamid, or an error status with Meta's error JSON. */
export type GraphAnswer = 200 | 400 | 401 | 429 | 500;

/**
 * The WhatsApp Cloud API's endpoints Parley calls, on 127.0.0.1, speaking its JSON: POST
 * /{phone-number-id}/messages (recorded; answers `{ messages: [{ id: "wamid…" }] }` or an
 * error), GET /{waba-id}/message_templates, GET /{media-id} and the media's bytes behind the
 * URL it gives (the token required, as on Meta's CDN).
 */
export async function startFakeGraph() {
  const sends: GraphSend[] = [];
  const media = new Map<string, { mime: string; bytes: Buffer }>();
  let templates: unknown[] = [];
  let answer: (send: GraphSend, tries: number) => GraphAnswer = () => 200;
  let wamids = 0;
  const server = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      const authorized = req.headers.authorization === 'Bearer EAAG-test-token';
      const send = /^\/(\d+)\/messages$/.exec(url.pathname);
      if (req.method === 'POST' && send) {
        const got: GraphSend = { phoneNumberId: send[1]!, authorization: req.headers.authorization, body: JSON.parse(raw) as GraphSend['body'] };
        const tries = sends.filter((s) => s.body.to === got.body.to && JSON.stringify(s.body) === JSON.stringify(got.body)).length;
        sends.push(got);
        const status = authorized ? answer(got, tries) : 401;
        if (status !== 200) return json(status, { error: { message: `fake error ${status}`, type: 'OAuthException', code: status === 429 ? 130429 : 1 } });
        return json(200, { messaging_product: 'whatsapp', contacts: [{ input: 'x', wa_id: 'x' }], messages: [{ id: `wamid.out.${++wamids}` }] });
      }
      if (!authorized) return json(401, { error: { message: 'Invalid OAuth access token', code: 190 } });
      if (req.method === 'GET' && /^\/\d+\/message_templates$/.test(url.pathname)) return json(200, { data: templates });
      const bytes = /^\/media-bytes\/(.+)$/.exec(url.pathname);
      if (bytes && media.has(bytes[1]!)) {
        const file = media.get(bytes[1]!)!;
        return res.writeHead(200, { 'content-type': file.mime }).end(file.bytes);
      }
      const info = /^\/([\w.-]+)$/.exec(url.pathname);
      if (req.method === 'GET' && info && media.has(info[1]!)) {
        const file = media.get(info[1]!)!;
        return json(200, { id: info[1], url: `${base}/media-bytes/${info[1]}`, mime_type: file.mime, file_size: file.bytes.length, messaging_product: 'whatsapp' });
      }
      json(404, { error: { message: 'Unknown path', code: 100 } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    sends,
    /** Answers each send with what `fn` says, told how often the same message was sent before; 200 by default. */
    answerWith(fn: (send: GraphSend, tries: number) => GraphAnswer) {
      answer = fn;
    },
    setTemplates(list: unknown[]) {
      templates = list;
    },
    addMedia(id: string, mime: string, bytes: Buffer) {
      media.set(id, { mime, bytes });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type FakeGraph = Awaited<ReturnType<typeof startFakeGraph>>;

/** Meta's signature of a webhook body under the app secret: X-Hub-Signature-256. */
export const hubSignature = (body: string, appSecret: string) => `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;

let wamid = 0;
/** A webhook delivery with one text message from `from` to the number `phoneNumberId`. */
export function textDelivery(phoneNumberId: string, from: string, text: string, opts: { id?: string; name?: string } = {}) {
  const message = { from, id: opts.id ?? `wamid.in.${++wamid}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } };
  return changeDelivery(phoneNumberId, { contacts: [{ wa_id: from, profile: { name: opts.name ?? 'Ana' } }], messages: [message] });
}

/** A webhook delivery of one change to the number `phoneNumberId` (messages, statuses). */
export function changeDelivery(phoneNumberId: string, value: Record<string, unknown>) {
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId }, ...value } }] }],
  };
}
