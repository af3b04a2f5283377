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
  /**
   * A PostgreSQL database to use instead of the SQLite file (postgres://user:pass@host:5432/db);
   * its server must be reachable at start. Without it, PARLEY_DB.
   */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }).optional(),
  /** Connections the PostgreSQL pool may open (per process). */
  PARLEY_PG_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
  /** A PostgreSQL statement running longer is cancelled: no request may hold a connection for long. */
  PARLEY_PG_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  PARLEY_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  /** Seconds between SSE heartbeat comments on each stream. */
  PARLEY_HEARTBEAT_SECONDS: z.coerce.number().min(1).max(300).default(20),
  /** New visitors per minute from one IP (a burst of a third of it is allowed at once). */
  PARLEY_RATE_VISITORS_PER_IP: z.coerce.number().int().min(1).default(30),
  /**
   * The demo site (a shop that embeds the widget) on its own port, and its site and FAQ seeded
   * on first run. Off in production: it serves pages that sign anyone in as its demo user.
   */
  PARLEY_DEMO: z.enum(['on', 'off']).default('on'),
  /** The demo site's port on HOST; default the next one after PORT (any free one when PORT is 0). */
  PARLEY_DEMO_PORT: Port.optional(),
  /** `off`: the bot never replies (conversations wait in `bot` status); for tests of other features. */
  PARLEY_BOT: z.enum(['on', 'off']).default('on'),
  /** With a key, the bot phrases answers with Claude (grounded on the KB), else it answers with the article itself. */
  ANTHROPIC_API_KEY: z.string().min(1).optional(),
  ANTHROPIC_MODEL: z.string().min(1).default('claude-haiku-4-5'),
  /** Another Messages API endpoint (a proxy; the tests' fake server). */
  ANTHROPIC_BASE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** How long a Claude answer may take in all before the bot answers with the article instead. */
  PARLEY_BOT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  /**
   * Claude calls one site may make per UTC day (bot answers and agents' drafts), then it
   * answers locally: anonymous visitors can ask without end, the bill must have one. At about
   * $0.004 a Haiku answer, 1,000 is ~$4 a day per site, above what a site's FAQ traffic needs.
   */
  PARLEY_CLAUDE_DAILY_CALLS_PER_SITE: z.coerce.number().int().min(1).default(1000),
  /**
   * Claude answers under way at once in this process; more answer locally at once. A streamed
   * answer takes seconds: 10 at once is ~100 a minute, past Anthropic's entry rate limits, and
   * a visitor kept waiting for a slot would get a slower answer than the article.
   */
  PARLEY_CLAUDE_MAX_CONCURRENT: z.coerce.number().int().min(1).default(10),
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
  /** …and this many hours after sign-in however active: a stolen cookie does not live forever. */
  PARLEY_SESSION_MAX_HOURS: z.coerce.number().min(0.01).max(24 * 365).default(24 * 30),
  /** How long a mailed password-reset link works. */
  PARLEY_PASSWORD_RESET_MINUTES: z.coerce.number().min(1).max(24 * 60).default(60),
  /** Password-reset requests per minute from one IP: each may send a mail. */
  PARLEY_RATE_RESETS_PER_IP: z.coerce.number().int().min(1).default(5),
  /** Login attempts per minute from one IP. */
  PARLEY_RATE_LOGINS_PER_IP: z.coerce.number().int().min(1).default(20),
  /** Inbox API requests per minute per API token (a third of it at once); past it 429, with RateLimit-* headers on every answer. */
  PARLEY_RATE_API_TOKEN_PER_MINUTE: z.coerce.number().int().min(1).default(600),
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
  /** The built widget and inbox to serve (default: this checkout's `widget/dist`, `packages/inbox/dist`). */
  PARLEY_WIDGET_DIR: z.string().min(1).optional(),
  PARLEY_INBOX_DIR: z.string().min(1).optional(),
  /**
   * A follow-up mail the mail server did not take is tried again after this many seconds,
   * doubling each time (at most an hour apart): a relay restarting or briefly unreachable is
   * back within the first few tries, without hammering one that is down.
   */
  PARLEY_MAIL_RETRY_SECONDS: z.coerce.number().min(0.01).max(3600).default(30),
  /**
   * Tries of one follow-up mail before it is marked failed for the agent to see. 8 tries from
   * 30 s spans about an hour: longer and the answer reaches the visitor too late to help, and
   * a relay refusing for that long needs a person (credentials, a dead host) anyway.
   */
  PARLEY_MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(8),
  /**
   * A try the mail server has not answered in this long counts as failed (and is tried
   * again). A try under way for twice this long was cut off with its process: any process
   * takes the mail over then, so a crash delays a follow-up by minutes at most and a live
   * process's try is never doubled by another's.
   */
  PARLEY_MAIL_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(600).default(120),
  /**
   * Seals secrets stored in the database (a WhatsApp channel's access token and app secret)
   * with AES-256-GCM under a key derived from it; without it, no channel can be set up. Keep it
   * outside the database and its backups; changing it makes the sealed secrets unreadable.
   */
  PARLEY_SECRET_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  /** The WhatsApp Cloud API (Meta's Graph API, versioned); tests point it at a local fake. */
  PARLEY_WHATSAPP_GRAPH_URL: z.url({ protocol: /^https?$/ }).default('https://graph.facebook.com/v21.0'),
  /** A Graph API call's time to answer; past it the try failed and is retried. */
  PARLEY_WHATSAPP_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(60).default(10),
  /** The first retry of a message the Graph API did not take (429, 5xx, no answer); later ones double, up to an hour. */
  PARLEY_WHATSAPP_RETRY_SECONDS: z.coerce.number().min(0.01).max(600).default(5),
  /** Tries of a message before it is marked failed. */
  PARLEY_WHATSAPP_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
  /** Media a WhatsApp visitor sends is stored up to this size; a larger file becomes a line saying so. */
  PARLEY_WHATSAPP_MEDIA_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(16 * 1024 * 1024),
  /** Webhook URLs may be plain http and reach loopback and private addresses (tests, receivers on the same network). */
  PARLEY_WEBHOOK_ALLOW_PRIVATE: z.stringbool().default(false),
  /** A webhook receiver's time to answer; past it the try failed and is retried. */
  PARLEY_WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(60).default(10),
  /** The first retry of a failed webhook delivery; later ones grow from it (webhooks/retry-schedule.ts) for about a day. */
  PARLEY_WEBHOOK_RETRY_SECONDS: z.coerce.number().min(0.01).max(600).default(5),
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
  /**
   * Connections one address may hold open on the SMTP listener at once, of its 50. A mail
   * server delivers replies to one domain over one or two connections; a few more leave room
   * for a provider's parallel queues, and no one address can take every slot.
   */
  PARLEY_INBOUND_SMTP_MAX_PER_IP: z.coerce.number().int().min(1).max(50).default(3),
  /**
   * The longest an SMTP session may last, busy or not, before the listener closes it (421):
   * delivering even the largest mail takes well under a minute, so five is plenty, and a
   * sender keeping a slot with NOOPs gives it back. A sender with more to say reconnects.
   */
  PARLEY_INBOUND_SMTP_MAX_SESSION_SECONDS: z.coerce.number().min(1).max(3600).default(300),
  /** Shared secret a mail provider sends to POST /v1/inbound/email; the webhook is off without it. */
  PARLEY_INBOUND_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Largest inbound mail accepted, attachments included (they are dropped, but still travel). */
  PARLEY_INBOUND_MAX_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
});

/** Every environment variable the server reads (README's configuration table lists each). */
export const CONFIG_VARIABLES = Object.keys(EnvSchema.shape);

export type Config = Omit<z.infer<typeof EnvSchema>, 'PUBLIC_URL' | 'PARLEY_DEMO_PORT'> & { PUBLIC_URL: string; PARLEY_DEMO_PORT: number };

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
  let PUBLIC_URL = cfg.PUBLIC_URL ?? `http://${cfg.HOST}:${cfg.PORT}`;
  while (PUBLIC_URL.endsWith('/')) PUBLIC_URL = PUBLIC_URL.slice(0, -1);
  const PARLEY_DEMO_PORT = cfg.PARLEY_DEMO_PORT ?? (cfg.PORT === 0 || cfg.PORT === 65535 ? 0 : cfg.PORT + 1);
  return { ...cfg, PUBLIC_URL, PARLEY_DEMO_PORT };
}
