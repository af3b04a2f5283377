import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import type { Deps } from '../core/deps';
import { receiveReply, type InboundRefusal } from './inbound';
import { conversationForRecipient } from './reply-address';

const smtpError = (responseCode: number, message: string) => Object.assign(new Error(message), { responseCode });

/** A reply goes to one conversation; a few addresses allow a CC, more only multiply parsing. */
const MAX_RECIPIENTS = 5;
/** Senders are other mail servers: a handful at a time is plenty, and bounds memory. */
const MAX_CLIENTS = 50;

const tooManyFromAddress = () => smtpError(421, 'Too many connections from your address, try again later');

// Permanent (5xx): the sending server bounces the mail to the visitor instead of retrying.
const refusal = {
  unknown_recipient: () => smtpError(550, 'No such reply address'),
  unparsable: () => smtpError(554, 'Message could not be parsed'),
  // Temporary (4xx): the sending server retries later, by when the bucket has refilled.
  rate_limited: () => smtpError(451, 'Too many mails for this conversation, try again later'),
};

/**
 * The inbound domain's mail server: it accepts mail only for reply addresses whose token
 * verifies (550 at RCPT otherwise, so it can never be used to relay) and only up to
 * PARLEY_INBOUND_MAX_BYTES. No AUTH (senders are other mail servers) and no STARTTLS (no
 * certificate of ours to offer): put a TLS-terminating MTA in front if the hop must be encrypted.
 * Its 50 slots are shared: one address holds at most PARLEY_INBOUND_SMTP_MAX_PER_IP, and no
 * session outlives PARLEY_INBOUND_SMTP_MAX_SESSION_SECONDS, so keep-alives hold none for long.
 */
export class InboundSmtp {
  #server: SMTPServer | undefined;
  #port: number | undefined;
  /** Deliveries being stored: stop() waits for them, so the database is never closed under one. */
  readonly #inFlight = new Set<Promise<void>>();
  /** Open sessions per sender address: without a cap, one address could hold every slot. */
  readonly #perAddress = new Map<string, number>();
  /** Each counted session's end, by session id: PARLEY_INBOUND_SMTP_MAX_SESSION_SECONDS after it began. */
  readonly #deadlines = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly deps: Deps,
    private readonly listen: { port: number; host: string },
  ) {}

  /** The port it listens on (the real one when asked for port 0). */
  get port(): number | undefined {
    return this.#port;
  }

  async start(): Promise<void> {
    const server = this.#create();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.listen.port, this.listen.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    // A broken connection is the sender's problem (it retries); without a listener it would crash the process.
    server.on('error', (err) => console.error('[parley] inbound SMTP', err));
    this.#server = server;
    this.#port = (server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    // Closed sessions report their end a tick later: their deadlines go now.
    for (const deadline of this.#deadlines.values()) clearTimeout(deadline);
    this.#deadlines.clear();
    this.#perAddress.clear();
    await Promise.all([...this.#inFlight]);
  }

  /** A session from an address under its cap: counted, and given its deadline. */
  #admit(session: SMTPServerSession): boolean {
    const address = session.remoteAddress;
    const open = this.#perAddress.get(address) ?? 0;
    if (open >= this.deps.config.PARLEY_INBOUND_SMTP_MAX_PER_IP) return false;
    this.#perAddress.set(address, open + 1);
    const end = () =>
      [...(this.#server?.connections ?? [])].find((c) => c.session.id === session.id)?.send(421, 'Session too long, closing: reconnect to send more');
    this.#deadlines.set(session.id, setTimeout(end, this.deps.config.PARLEY_INBOUND_SMTP_MAX_SESSION_SECONDS * 1000));
    return true;
  }

  /** Any session's end; only an admitted one was counted. */
  #release(session: SMTPServerSession): void {
    const deadline = this.#deadlines.get(session.id);
    if (!deadline) return;
    clearTimeout(deadline);
    this.#deadlines.delete(session.id);
    const open = (this.#perAddress.get(session.remoteAddress) ?? 1) - 1;
    if (open > 0) this.#perAddress.set(session.remoteAddress, open);
    else this.#perAddress.delete(session.remoteAddress);
  }

  #create(): SMTPServer {
    const { deps } = this;
    const inFlight = this.#inFlight;
    return new SMTPServer({
      name: deps.config.PARLEY_INBOUND_DOMAIN,
      banner: 'Parley inbound mail',
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      size: deps.config.PARLEY_INBOUND_MAX_BYTES,
      // A reverse lookup per connection buys nothing: the token is the only authority.
      disableReverseLookup: true,
      logger: false,
      // Shutting down should not wait for an idle sender to say QUIT.
      closeTimeout: 1000,
      maxClients: MAX_CLIENTS,
      socketTimeout: 30_000,
      onConnect: (session, callback) => callback(this.#admit(session) ? null : tooManyFromAddress()),
      onClose: (session) => this.#release(session),
      onRcptTo(address, session, callback) {
        if (session.envelope.rcptTo.length >= MAX_RECIPIENTS) return callback(smtpError(452, 'Too many recipients'));
        conversationForRecipient(deps.db, address.address).then(
          (conversation) => callback(conversation ? null : refusal.unknown_recipient()),
          (err: Error) => callback(err),
        );
      },
      onData(stream, session, callback) {
        // smtp-server only flags an oversized message and keeps streaming it: stop keeping the
        // bytes at the limit (still reading, so the sender gets its 552), or one sender could
        // fill the memory.
        const max = deps.config.PARLEY_INBOUND_MAX_BYTES;
        const chunks: Buffer[] = [];
        let size = 0;
        stream.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= max) chunks.push(chunk);
        });
        stream.on('end', () => {
          if (stream.sizeExceeded || size > max) return callback(smtpError(552, `Message larger than ${max} bytes`));
          const raw = Buffer.concat(chunks);
          const delivery = receiveReply(
            deps,
            session.envelope.rcptTo.map((r) => r.address),
            raw,
          )
            .then((outcomes) => {
              const bad = outcomes.find((o): o is InboundRefusal => !o.ok);
              callback(bad ? refusal[bad.reason]() : null);
            })
            .catch((err: unknown) => {
              console.error('[parley] inbound mail failed', err);
              callback(smtpError(451, 'Try again later'));
            })
            .finally(() => inFlight.delete(delivery));
          inFlight.add(delivery);
        });
      },
    });
  }
}
