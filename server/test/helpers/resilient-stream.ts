import type { DurableEvent, Message } from '@parley/protocol';
import { openStream, type SseConnection } from './sse-client';
import { sleep } from './random';

/**
 * A visitor stream that behaves like the widget's: it remembers the last event id, and
 * reconnects with it after a disconnect (forced by the test, or the server dying).
 * Records every durable event received, across all connections, in arrival order.
 */
export class ResilientStream {
  readonly received: DurableEvent[] = [];
  lastEventId = 0;
  connections = 0;
  #conn: SseConnection | null = null;
  #stopped = false;

  constructor(
    private baseUrl: () => string,
    private readonly token: string,
  ) {}

  #connecting: Promise<void> | null = null;

  /**
   * Opens a connection; resolves once the server has accepted it. Retries while the server is
   * down. One connection at a time, like one widget: a call while connecting waits for that
   * one, a call while connected does nothing.
   */
  connect(): Promise<void> {
    if (this.#conn) return Promise.resolve();
    this.#connecting ??= this.#connect().finally(() => (this.#connecting = null));
    return this.#connecting;
  }

  async #connect(): Promise<void> {
    while (!this.#stopped) {
      const conn = openStream(`${this.baseUrl()}/v1/widget/stream?token=${encodeURIComponent(this.token)}`, {
        lastEventId: this.lastEventId,
        onEvent: (e, id) => {
          if (id === undefined || !('id' in e) || e.type === 'reset') return;
          this.lastEventId = Number(id);
          this.received.push(e);
        },
      });
      try {
        const res = await conn.ready;
        if (!res.ok) throw new Error(`stream status ${res.status}`);
        this.#conn = conn;
        this.connections++;
        void conn.done.then(() => {
          // The server went away on its own: reconnect like EventSource would.
          if (this.#conn === conn && !this.#stopped) {
            this.#conn = null;
            void sleep(50).then(() => this.connect());
          }
        });
        return;
      } catch {
        conn.close();
        await sleep(100);
      }
    }
  }

  /** Drops the connection as a flaky network would, without reconnecting. */
  disconnect(): void {
    const conn = this.#conn;
    this.#conn = null;
    conn?.close();
  }

  get connected(): boolean {
    return this.#conn !== null;
  }

  messages(): Message[] {
    return this.received.flatMap((e) => (e.type === 'message.created' ? [e.message] : []));
  }

  async waitForMessages(count: number, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages().length < count) {
      if (Date.now() > deadline) throw new Error(`timed out with ${this.messages().length}/${count} messages`);
      await sleep(20);
    }
  }

  stop(): void {
    this.#stopped = true;
    this.disconnect();
  }
}
