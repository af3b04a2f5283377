import type { ProviderChoice } from '../bot/providers/from-config';
import type { Config } from '../config/config';
import type { VisitorActionHooks } from '../conversations/visitor-actions';
import type { Db } from '../db/connection';
import type { Mailer } from '../email/mailer';
import type { EventBus } from '../realtime/event-bus';

/** What route modules are built from; tests build the same thing against a temp database. */
export interface AppDeps {
  config: Config;
  db: Db;
  bus: EventBus;
  /** The bot's providers per site setting; one Anthropic client for the whole process. */
  providers: ProviderChoice;
  /** One mail transport for follow-ups and transcripts. */
  mailer: Mailer;
  /** What the bot adds to visitors' actions, registered by bot/start.ts; absent with the bot off. */
  hooks?: VisitorActionHooks;
}
