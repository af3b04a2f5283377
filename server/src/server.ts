import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { createApp } from './app';
import { providersFor } from './bot/providers/from-config';
import type { Config } from './config/config';
import type { Deps } from './core/deps';
import { openStore } from './db/open-store';
import type { Store } from './db/store';
import { seedFirstOwner, type FirstOwner } from './agents/first-owner';
import { seedDemoSite } from './demo/seed';
import { createMailer } from './email/mailer';
import { InProcessEventBus } from './realtime/in-process-bus';
import { PgEventBus } from './realtime/pg-event-bus';
import type { EventBus } from './realtime/event-bus';
import { PgStore } from './db/pg-store';
import { buildServices, type Services } from './services';

/** How long a shutdown waits for requests under way before it cuts their connections. */
const SHUTDOWN_GRACE_MS = 10_000;

export interface RunningServer {
  url: string;
  deps: Deps;
  /** The storage engine the configuration chose (deps.db is its database). */
  store: Store;
  /** The owner created on this start, if it was the first. */
  seed: FirstOwner;
  services: Services;
  /** The bot's worker (tests wait for it to be idle); undefined with PARLEY_BOT=off. */
  bot: Services['bot'];
  /** Every route the app serves, as Hono lists them (one entry per handler and middleware). */
  routes: ReturnType<typeof createApp>['routes'];
  close(): Promise<void>;
}

/**
 * One server process: opens the database, migrates, seeds on first run, builds the services
 * and the routes (starting nothing), starts the services, then listens. `close()` undoes it
 * in reverse. Used by main and by tests.
 */
export async function startServer(config: Config): Promise<RunningServer> {
  const store = await openStore(config);
  const { db } = store;
  let seed: FirstOwner;
  let deps: Deps;
  let services: Services;
  let app: ReturnType<typeof createApp>;
  // Several processes may share a PostgreSQL database: their streams hear each other's events.
  let bus: EventBus | undefined;
  try {
    seed = await seedFirstOwner(db, config);
    bus = store instanceof PgStore ? await PgEventBus.start(db, store.pool) : new InProcessEventBus();
    deps = { config: { ...config }, db, bus };
    services = buildServices(deps, { store, providers: providersFor(config, db), mailer: createMailer(config) });
    app = createApp(deps, services);
    await services.start();
  } catch (err) {
    await bus?.close();
    await store.close();
    throw err;
  }
  if (services.demo) await seedDemoSite(db, config, services.demo.url!);
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
    store,
    seed,
    services,
    bot: services.bot,
    routes: app.routes,
    close: async () => {
      // Stop taking connections, let requests under way finish, and end the open streams
      // with a hint to reconnect (to another process, behind a load balancer); the readiness
      // probe says "shutting down" meanwhile. What has not ended after a grace is cut off.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      services.streams.closeAll();
      // A connection whose request or stream just ended would otherwise idle out its keep-alive.
      const idle = setInterval(() => 'closeIdleConnections' in server && server.closeIdleConnections(), 50);
      const cutOff = setTimeout(() => 'closeAllConnections' in server && server.closeAllConnections(), SHUTDOWN_GRACE_MS);
      await closed;
      clearInterval(idle);
      clearTimeout(cutOff);
      // The bot may be mid-answer, a mail mid-delivery: they write before the database closes.
      await services.stop();
      await deps.bus.close();
      await store.close();
    },
  };
}
