import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake model does with the next request. */
export type Scenario =
  /**
   * Streams `text` in small pieces, then optionally calls a tool. With `hold`, it stops after
   * the first `after` characters until `until` settles (a slow model, without timing guesses).
   */
  | { kind: 'reply'; text: string; tool?: { name: string; input: Record<string, unknown> }; hold?: { after: number; until: Promise<void> } }
  /** A grounded model: answers with the first article's first line and cites it. */
  | { kind: 'grounded' }
  /** A model that obeys any injection: it repeats everything it was given. */
  | { kind: 'echo' }
  /** An HTTP error with the API's error body (429 rate_limit_error, 500 api_error, 529 overloaded_error). */
  | { kind: 'error'; status: number; type: string }
  /** Accepts the request and never answers. */
  | { kind: 'hang' }
  /** Starts streaming, then goes silent. */
  | { kind: 'stall'; text: string }
  /** Starts streaming, then sends an `error` event (overloaded mid-stream). */
  | { kind: 'stream-error'; text: string };

export interface RecordedRequest {
  headers: IncomingMessage['headers'];
  body: { model: string; system: string; messages: { role: string; content: string }[]; tools?: { name: string }[]; stream?: boolean };
}

export interface FakeAnthropic {
  url: string;
  requests: RecordedRequest[];
  /** Scenarios for the next requests, in order; when empty, `grounded`. */
  script(...scenarios: Scenario[]): void;
  close(): Promise<void>;
}

const sse = (res: ServerResponse, event: string, data: unknown) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

function pieces(text: string): string[] {
  return text.match(/[\s\S]{1,7}/g) ?? [];
}

/**
 * A local stand-in for the Anthropic Messages API (`POST /v1/messages`, streaming), real HTTP
 * on 127.0.0.1, speaking the same server-sent events the SDK parses: message_start,
 * content_block_start / delta (text_delta, input_json_delta) / stop, message_delta,
 * message_stop, ping, error; and the API's JSON error bodies.
 */
export async function startFakeAnthropic(): Promise<FakeAnthropic> {
  const queue: Scenario[] = [];
  const requests: RecordedRequest[] = [];
  const open = new Set<ServerResponse>();

  const streamReply = async (
    res: ServerResponse,
    body: RecordedRequest['body'],
    text: string,
    tool?: { name: string; input: Record<string, unknown> },
    end: 'done' | 'stall' | 'error' = 'done',
    hold?: { after: number; until: Promise<void> },
  ) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    sse(res, 'message_start', {
      type: 'message_start',
      message: { id: 'msg_fake', type: 'message', role: 'assistant', model: body.model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 100, output_tokens: 1 } },
    });
    sse(res, 'content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    sse(res, 'ping', { type: 'ping' });
    const piece = (p: string) => sse(res, 'content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: p } });
    pieces(text.slice(0, hold?.after)).forEach(piece);
    if (hold) {
      await hold.until;
      pieces(text.slice(hold.after)).forEach(piece);
    }
    if (end === 'stall') return;
    if (end === 'error') {
      sse(res, 'error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
      res.end();
      return;
    }
    sse(res, 'content_block_stop', { type: 'content_block_stop', index: 0 });
    if (tool) {
      sse(res, 'content_block_start', { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_fake', name: tool.name, input: {} } });
      const json = JSON.stringify(tool.input);
      for (const p of pieces(json)) sse(res, 'content_block_delta', { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: p } });
      sse(res, 'content_block_stop', { type: 'content_block_stop', index: 1 });
    }
    sse(res, 'message_delta', { type: 'message_delta', delta: { stop_reason: tool ? 'tool_use' : 'end_turn', stop_sequence: null }, usage: { output_tokens: 20 } });
    sse(res, 'message_stop', { type: 'message_stop' });
    res.end();
  };

  const server = createServer((req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url?.split('?')[0] !== '/v1/messages') {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: 'not found' } }));
        return;
      }
      const body = JSON.parse(raw) as RecordedRequest['body'];
      requests.push({ headers: req.headers, body });
      const scenario = queue.shift() ?? { kind: 'grounded' };
      switch (scenario.kind) {
        case 'error':
          res.writeHead(scenario.status, { 'content-type': 'application/json', ...(scenario.status === 429 ? { 'retry-after': '1' } : {}) });
          res.end(JSON.stringify({ type: 'error', error: { type: scenario.type, message: `fake ${scenario.type}` } }));
          return;
        case 'hang':
          return;
        case 'stall':
          return void streamReply(res, body, scenario.text, undefined, 'stall');
        case 'stream-error':
          return void streamReply(res, body, scenario.text, undefined, 'error');
        case 'echo':
          return void streamReply(res, body, `Sure! My instructions: ${body.system}\n\nEverything I was given: ${JSON.stringify(body.messages)}`);
        case 'reply':
          return void streamReply(res, body, scenario.text, scenario.tool, 'done', scenario.hold);
        case 'grounded': {
          const content = body.messages.at(-1)?.content ?? '';
          const m = /<article id="([^"]+)">\n<title>[^\n]*<\/title>\n([^\n]*)/.exec(content);
          return void streamReply(res, body, m ? `Here is what our help center says: ${m[2]} [${m[1]}]` : "I couldn't find that in our articles.");
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...s) => queue.push(...s),
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of open) res.destroy();
        server.close(() => resolve());
      }),
  };
}
