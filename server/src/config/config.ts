import { z } from 'zod';

const Port = z.coerce.number().int().min(0).max(65535);

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
  /** Messages and conversations per minute from one visitor. */
  PARLEY_RATE_MESSAGES_PER_VISITOR: z.coerce.number().int().min(1).default(120),
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
  const PUBLIC_URL = (cfg.PUBLIC_URL ?? `http://${cfg.HOST}:${cfg.PORT}`).replace(/\/+$/, '');
  return { ...cfg, PUBLIC_URL };
}
