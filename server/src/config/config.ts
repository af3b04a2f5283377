import proxyaddr from 'proxy-addr';
import { z } from 'zod';

const Port = z.coerce.number().int().min(0).max(65535);

/** A hop count, or addresses and ranges as proxy-addr reads them (it throws on anything else). */
const TrustedProxies = z.string().transform((value, ctx): number | string[] => {
  if (/^\s*\d{1,3}\s*$/.test(value)) return Number(value);
  const ranges = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  try {
    proxyaddr.compile(ranges);
    return ranges;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be a number of hops, or a comma-separated list of IP addresses and CIDR ranges' });
    return z.NEVER;
  }
});

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: Port.default(8787),
  HOST: z.string().min(1).default('127.0.0.1'),
  PARLEY_DB: z.string().min(1).default('./data/parley.db'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  PARLEY_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  /** Seconds between SSE heartbeat comments on each stream. */
  PARLEY_HEARTBEAT_SECONDS: z.coerce.number().min(1).max(300).default(20),
  /** New visitors per minute from one IP (a burst of a third of it is allowed at once). */
  PARLEY_RATE_VISITORS_PER_IP: z.coerce.number().int().min(1).default(30),
  /** `off`: the bot never replies (conversations wait in `bot` status); for tests of other features. */
  PARLEY_BOT: z.enum(['on', 'off']).default('on'),
  /** With a key, the bot phrases answers with Claude (grounded on the KB), else it answers with the article itself. */
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_MODEL: z.string().min(1).default('claude-haiku-4-5'),
  /** Another Messages API endpoint (a proxy; the tests' fake server). */
  ANTHROPIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** How long a Claude answer may take in all before the bot answers with the article instead. */
  PARLEY_BOT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /** Messages and conversations per minute from one visitor. */
  PARLEY_RATE_MESSAGES_PER_VISITOR: z.coerce.number().int().min(1).default(120),
  /** Knowledge-base searches and article reads per minute from one IP (the help search runs as the visitor types). */
  PARLEY_RATE_ARTICLES_PER_IP: z.coerce.number().int().min(1).default(120),
  /** Widget configs per minute from one IP: one per page view, so an office behind one address needs many. */
  PARLEY_RATE_CONFIG_PER_IP: z.coerce.number().int().min(1).default(300),
  /**
   * Which proxies in front of the server to believe about the client's address (X-Forwarded-For):
   * none (the socket's address), a number of hops, or a comma-separated list of addresses and
   * CIDR ranges (and proxy-addr's names loopback, linklocal, uniquelocal).
   */
  PARLEY_TRUSTED_PROXIES: TrustedProxies.default(0),
  /** Open streams one visitor may keep (tabs); past it their oldest is closed. */
  PARLEY_STREAMS_PER_VISITOR: z.coerce.number().int().min(1).default(5),
  /** Open inbox streams one agent may keep (tabs); past it their oldest is closed. */
  PARLEY_STREAMS_PER_AGENT: z.coerce.number().int().min(1).default(10),
  /** Open streams from one IP (IPv6: one /64), visitors' and agents' together; past it 429. */
  PARLEY_STREAMS_PER_IP: z.coerce.number().int().min(1).default(250),
  /** Open streams of the process (each a file descriptor: keep it under `ulimit -n`); past it 429. */
  PARLEY_STREAMS_PER_PROCESS: z.coerce.number().int().min(1).default(10_000),
  /** A stream this many of its events behind gets a `reset` (reload, then live) instead of a replay. */
  PARLEY_STREAM_REPLAY_MAX: z.coerce.number().int().min(1).max(10_000).default(1000),
  /** Events older than this are pruned from the log; a client last seen before them gets a `reset`. */
  PARLEY_EVENTS_RETENTION_DAYS: z.coerce.number().positive().max(3650).default(7),
  /** Inbox sessions end after this many hours without a request. */
  PARLEY_SESSION_HOURS: z.coerce.number().min(0.01).max(24 * 90).default(24 * 7),
  /** Login attempts per minute from one IP. */
  PARLEY_RATE_LOGINS_PER_IP: z.coerce.number().int().min(1).default(20),
  /** Failed logins in a row that lock an account, and for how long. */
  PARLEY_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  PARLEY_LOGIN_LOCK_MINUTES: z.coerce.number().min(0.01).default(15),
  /** An agent whose inbox has been closed this long goes offline (their open chats are re-queued). */
  PARLEY_PRESENCE_GRACE_SECONDS: z.coerce.number().min(0).default(60),
  /** How often routing sweeps for what no event announces (snoozes ending, closed inboxes). */
  PARLEY_ROUTING_SWEEP_SECONDS: z.coerce.number().min(0.05).max(600).default(5),
  /** Outgoing mail server, e.g. smtp://user:pass@mail.example.com:587 (smtps:// for TLS). */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  /** Sender of the email follow-ups; default support@ the PUBLIC_URL host. */
  PARLEY_MAIL_FROM: z.string().min(3).optional(),
  /** Without SMTP_URL, mail is written here as .eml files (and logged) instead of sent. */
  PARLEY_OUTBOX_DIR: z.string().min(1).default('./data/outbox'),
  /**
   * Visitors' emailed replies come back: follow-ups say Reply-To reply+<token>@ this domain,
   * whose mail reaches the SMTP listener or the webhook below.
   */
  PARLEY_INBOUND_DOMAIN: z
    .string()
    .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, 'must be a domain name like reply.example.com')
    .optional(),
  /** The built-in SMTP listener for that domain's mail (on HOST); off without a port. */
  PARLEY_INBOUND_SMTP_PORT: Port.optional(),
  /** Shared secret a mail provider sends to POST /v1/inbound/email; the webhook is off without it. */
  PARLEY_INBOUND_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Largest inbound mail accepted, attachments included (they are dropped, but still travel). */
  PARLEY_INBOUND_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
});

export type Config = Omit<z.infer<typeof EnvSchema>, 'PUBLIC_URL'> & { PUBLIC_URL: string };

export class ConfigError extends Error {}

/**
 * Parses the environment once at start. A bad value throws a ConfigError naming each bad
 * variable, so the operator sees `PORT: expected a number…` instead of a stack trace.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = EnvSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const cfg = parsed.data;
  const inboundWay = cfg.PARLEY_INBOUND_SMTP_PORT !== undefined ? 'PARLEY_INBOUND_SMTP_PORT' : cfg.PARLEY_INBOUND_WEBHOOK_SECRET ? 'PARLEY_INBOUND_WEBHOOK_SECRET' : null;
  // A way in without the domain would wait for replies no mail ever asks for.
  if (inboundWay && !cfg.PARLEY_INBOUND_DOMAIN) {
    throw new ConfigError(`Invalid configuration:\n  PARLEY_INBOUND_DOMAIN: required with ${inboundWay}`);
  }
  const PUBLIC_URL = (cfg.PUBLIC_URL ?? `http://${cfg.HOST}:${cfg.PORT}`).replace(/\/+$/, '');
  return { ...cfg, PUBLIC_URL };
}
