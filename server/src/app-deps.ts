import type { Config } from './config/config';
import type { VisitorActionHooks } from './conversations/visitor-actions';
import type { Db } from './db/connection';
import type { EventBus } from './realtime/event-bus';

/** What route modules are built from; tests build the same thing against a temp database. */
export interface AppDeps {
  config: Config;
  db: Db;
  bus: EventBus;
  /** What the bot adds to visitors' actions, registered by bot/start.ts; absent with the bot off. */
  hooks?: VisitorActionHooks;
}
