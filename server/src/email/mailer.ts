import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { Config } from '../config/config';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** An HTML alternative to `text`; whoever builds it escapes what it quotes. */
  html?: string;
  messageId: string;
  /** Threading headers, so the visitor's mail client groups a conversation's replies. */
  inReplyTo?: string;
  references?: string;
  /** The conversation's reply address when inbound email is on (see reply-address.ts). */
  replyTo?: string | undefined;
  attachments?: Array<{ filename: string; content: string; contentType: string }>;
}

export interface Mailer {
  /** Resolves when the server accepted the mail (or it was written to the outbox). */
  send(mail: Mail): Promise<void>;
  readonly from: string;
}

export function mailFrom(config: Config): string {
  return config.PARLEY_MAIL_FROM ?? `Parley <support@${new URL(config.PUBLIC_URL).hostname}>`;
}

/**
 * nodemailer over SMTP_URL; without it, nodemailer's stream transport renders the same
 * message and it is written to PARLEY_OUTBOX_DIR as an .eml file, so a fresh install can see
 * what would have been sent.
 */
export function createMailer(config: Config): Mailer {
  const from = mailFrom(config);
  if (config.SMTP_URL) {
    // nodemailer waits up to 10 minutes on a silent socket; the outbox gives up on a try sooner
    // (follow-up.ts), and the socket should not outlive it. (createTransport({ url, … })
    // would drop every option beside the URL; the transport's own constructor merges them.)
    const timeout = config.PARLEY_MAIL_TIMEOUT_SECONDS * 1000;
    const transport = nodemailer.createTransport(
      new SMTPTransport({ url: config.SMTP_URL, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout }),
    );
    return { from, send: async (mail) => void (await transport.sendMail({ from, ...mail })) };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    from,
    send: async (mail) => {
      const info = await transport.sendMail({ from, ...mail });
      mkdirSync(config.PARLEY_OUTBOX_DIR, { recursive: true });
      const file = join(config.PARLEY_OUTBOX_DIR, `${Date.now()}-${mail.messageId.replace(/[^\w.-]/g, '_')}.eml`);
      writeFileSync(file, info.message as Buffer);
      console.log(`[parley] SMTP_URL is not set: mail to ${mail.to} written to ${file}`);
    },
  };
}
