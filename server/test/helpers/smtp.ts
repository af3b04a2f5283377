import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  /** Decoded by mailparser (the server's own MIME parser): subject, text and HTML parts. */
  subject: string;
  text: string;
  html: string;
}

/** How the server answers each mail from now on: take it, never answer (a hung relay), or refuse it with an SMTP code. */
export type SmtpAnswer = 'accept' | 'hold' | 451 | 550;

export interface TestSmtpServer {
  url: string;
  /** The mails it accepted. */
  mails: ReceivedMail[];
  /** Every mail sent to it, whatever the answer. */
  readonly tries: number;
  /** Answers the next `times` mails so (all of them by default), then takes mails again. */
  answerWith(answer: SmtpAnswer, times?: number): void;
  close(): Promise<void>;
}

/** A real SMTP server on a free 127.0.0.1 port that keeps every mail it accepts, parsed. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const mails: ReceivedMail[] = [];
  let tries = 0;
  let answer: SmtpAnswer = 'accept';
  let times = Infinity;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    // No DNS here: a reverse lookup of 127.0.0.1 would stall every connection until it times out.
    disableReverseLookup: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        tries++;
        const now = times-- > 0 ? answer : 'accept';
        if (now === 'hold') return;
        if (now !== 'accept') return callback(Object.assign(new Error(now === 451 ? 'Try again later' : 'Mailbox unavailable'), { responseCode: now }));
        const raw = Buffer.concat(chunks);
        void simpleParser(raw).then((parsed) => {
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: raw.toString('utf8'),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: parsed.html || '',
          });
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    get tries() {
      return tries;
    },
    answerWith: (next, count = Infinity) => {
      answer = next;
      times = count;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
