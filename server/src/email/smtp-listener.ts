import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { AppDeps } from '../app-deps';
import { receiveReply, type InboundRefusal } from './inbound';
import { conversationForRecipient } from './reply-address';

export interface InboundSmtp {
  port: number;
  close(): Promise<void>;
}

const smtpError = (responseCode: number, message: string) => Object.assign(new Error(message), { responseCode });

// Permanent (5xx): the sending server bounces the mail to the visitor instead of retrying.
const refusal = {
  unknown_recipient: () => smtpError(550, 'No such reply address'),
  unparsable: () => smtpError(554, 'Message could not be parsed'),
};

/**
 * The inbound domain's mail server: it accepts mail only for reply addresses whose token
 * verifies (550 at RCPT otherwise, so it can never be used to relay) and only up to
 * PARLEY_INBOUND_MAX_BYTES. No AUTH (senders are other mail servers) and no STARTTLS (no
 * certificate of ours to offer): put a TLS-terminating MTA in front if the hop must be encrypted.
 */
export async function startInboundSmtp(deps: Pick<AppDeps, 'db' | 'bus' | 'config' | 'hooks'>, port: number, host: string): Promise<InboundSmtp> {
  const server = new SMTPServer({
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
    onRcptTo(address, _session, callback) {
      callback(conversationForRecipient(deps.db, address.address) ? null : refusal.unknown_recipient());
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(smtpError(552, `Message larger than ${deps.config.PARLEY_INBOUND_MAX_BYTES} bytes`));
        const raw = Buffer.concat(chunks);
        void Promise.all(session.envelope.rcptTo.map((r) => receiveReply(deps, r.address, raw)))
          .then((outcomes) => {
            const bad = outcomes.find((o): o is InboundRefusal => !o.ok);
            callback(bad ? refusal[bad.reason]() : null);
          })
          .catch((err: unknown) => {
            console.error('[parley] inbound mail failed', err);
            callback(smtpError(451, 'Try again later'));
          });
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A broken connection is the sender's problem (it retries); without a listener it would crash the process.
  server.on('error', (err) => console.error('[parley] inbound SMTP', err));
  return {
    port: (server.server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
