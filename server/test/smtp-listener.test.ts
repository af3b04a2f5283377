import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './helpers/handoff';
import { startTestServer, type TestServer } from './helpers/test-server';

/** A raw TCP client of the listener: everything the server said, and whether it hung up. */
async function dial(port: number) {
  const socket = connect(port, '127.0.0.1');
  let said = '';
  let closed = false;
  socket.setEncoding('utf8');
  socket.on('data', (text: string) => (said += text));
  socket.on('close', () => (closed = true));
  // A refused connection may be reset: what the listener said before is what the test reads.
  socket.on('error', () => {});
  const client = {
    socket,
    get said() {
      return said;
    },
    get closed() {
      return closed;
    },
    heard: (reply: RegExp, what: string) => eventually(() => reply.test(said), what, 5000),
  };
  await client.heard(/^\d{3} /, 'the greeting');
  return client;
}

/** The server, with its SMTP listener configured by `env`, for one describe block; `port` is the listener's. */
function useListener(env: Record<string, string>): { server: TestServer; port: number } {
  const running = {} as { server: TestServer; port: number };
  beforeAll(async () => {
    running.server = await startTestServer({ PARLEY_INBOUND_DOMAIN: 'reply.example.com', PARLEY_INBOUND_SMTP_PORT: '0', ...env });
    running.port = running.server.services.inboundSmtp!.port!;
  });
  afterAll(() => running.server.stop());
  return running;
}

describe('the SMTP listener, one address at a time', () => {
  const listener = useListener({ PARLEY_INBOUND_SMTP_MAX_PER_IP: '2' });

  it('serves PARLEY_INBOUND_SMTP_MAX_PER_IP connections from one address, refuses the next with 421, and frees the slot when one closes', async () => {
    const { port } = listener;
    const [first, second] = [await dial(port), await dial(port)];
    expect(first.said).toMatch(/^220 /);
    expect(second.said).toMatch(/^220 /);

    const third = await dial(port);
    expect(third.said).toMatch(/^421 .*Too many connections from your address/);
    await eventually(() => third.closed, 'the refused connection closed');
    // The refused one was never counted: the two served are still all this address has.
    expect((await dial(port)).said).toMatch(/^421 /);

    first.socket.end('QUIT\r\n');
    await eventually(() => first.closed, 'the first connection closed');
    const next = await dial(port);
    expect(next.said).toMatch(/^220 /);
    for (const c of [second, next]) c.socket.destroy();
  });
});

describe('the SMTP listener, a session that lasts', () => {
  const listener = useListener({ PARLEY_INBOUND_SMTP_MAX_SESSION_SECONDS: '1' });

  it('closes a session older than PARLEY_INBOUND_SMTP_MAX_SESSION_SECONDS even while it keeps talking', async () => {
    const client = await dial(listener.port);
    const opened = Date.now();
    client.socket.write('EHLO sender.example\r\n');
    await client.heard(/250 /, 'the EHLO answer');
    // A NOOP every 200 ms: far inside the idle timeout, so only the session's age can end it.
    const keepAlive = setInterval(() => client.closed || client.socket.write('NOOP\r\n'), 200);
    try {
      await eventually(() => client.closed, 'the session closed by the listener', 5000);
    } finally {
      clearInterval(keepAlive);
    }
    expect(client.said).toMatch(/\r\n421 .*Session too long/);
    expect(client.said.match(/^250 .*OK/gm)?.length).toBeGreaterThan(2);
    expect(Date.now() - opened).toBeGreaterThanOrEqual(800);
  });
});
