import type { Config } from './config/config';
import type { Db } from './db/connection';
import type { EventBus } from './realtime/event-bus';

/** What route modules are built from; tests build the same thing against a temp database. */
export interface AppDeps {
  config: Config;
  db: Db;
  bus: EventBus;
}
