import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './app';
import type { Config } from './config/config';
import { startCheckpointer } from './db/checkpointer';
import { openDatabase } from './db/connection';
import { runMigrations } from './db/migrate';
import { seedIfEmpty, type SeedResult } from './demo/seed';
import { InProcessEventBus } from './realtime/in-process-bus';
import type { AppDeps } from './core/deps';
import { BusTap } from './bot/bus-tap';
import { providersFor } from './bot/providers/from-config';
import { startBot } from './bot/start';
import { createMailer } from './email/mailer';
import { startInboundSmtp, type InboundSmtp } from './email/smtp-listener';
import type { BotWorker } from './bot/worker';

export interface RunningServer {
  url: string;
  deps: AppDeps;
  seed: SeedResult;
  bot: BotWorker;
  /** The inbound mail listener, with PARLEY_INBOUND_SMTP_PORT (its real port when that is 0). */
  inboundSmtp?: InboundSmtp;
  close(): Promise<void>;
}

/** Opens the database, migrates, seeds on first run and listens. Used by main and by tests. */
export async function startServer(config: Config): Promise<RunningServer> {
  const db = openDatabase(config.PARLEY_DB);
  runMigrations(db);
  const seed = await seedIfEmpty(db, config);
  const tap = new BusTap(new InProcessEventBus());
  const deps: AppDeps = { config: { ...config }, db, bus: tap, providers: providersFor(config), mailer: createMailer(config) };
  // Before anything else starts: if its port is taken, nothing is left running.
  const inboundPort = config.PARLEY_INBOUND_SMTP_PORT;
  let inboundSmtp: InboundSmtp | undefined;
  try {
    inboundSmtp = inboundPort === undefined ? undefined : await startInboundSmtp(deps, inboundPort, config.HOST);
  } catch (err) {
    db.$client.close();
    throw err;
  }
  const checkpointer = startCheckpointer(db);
  const bot = startBot(deps, tap);
  const app = createApp(deps);
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.HOST}:${port}`;
  // With PORT=0 and no PUBLIC_URL, links the server writes (invitations, emails) must use the real port.
  if (config.PORT === 0 && config.PUBLIC_URL === `http://${config.HOST}:0`) deps.config.PUBLIC_URL = url;
  return {
    url,
    deps,
    seed,
    bot,
    ...(inboundSmtp ? { inboundSmtp } : {}),
    close: () =>
      new Promise<void>((resolve) => {
        // Open SSE streams would keep close() waiting forever.
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => {
          // The bot may be mid-answer, a mail mid-delivery: let them write before the database closes.
          void Promise.all([bot.stop(), inboundSmtp?.close(), checkpointer.stop()]).finally(() => {
            db.$client.close();
            resolve();
          });
        });
      }),
  };
}
