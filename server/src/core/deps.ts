import type { Config } from '../config/config';
import type { Db } from '../db/store';
import type { EventBus } from '../realtime/event-bus';

/**
 * What every feature is built from: the configuration, the database, and the bus that carries
 * committed changes to open streams and to background services. Anything else a feature needs
 * (the bot's providers, the mailer, the router) it takes by name from the composition root
 * (server.ts, services.ts, api/), so what a route sets off is visible where it is mounted.
 */
export interface Deps {
  config: Config;
  db: Db;
  bus: EventBus;
}
