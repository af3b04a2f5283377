import type { Deps } from './core/deps';
import { providerDraft } from './bot/draft';
import { KbRetrievers } from './bot/kb-retriever';
import type { ProviderChoice } from './bot/providers/from-config';
import { BotWorker } from './bot/worker';
import type { DraftProvider } from './conversations/inbox-routes';
import { Checkpointer } from './db/checkpointer';
import { SqliteStore } from './db/sqlite-store';
import type { Store } from './db/store';
import { DemoSite } from './demo/site';
import { EmailFollowUp } from './email/follow-up';
import type { Mailer } from './email/mailer';
import { InboundSmtp } from './email/smtp-listener';
import { EventPruner } from './realtime/event-pruner';
import { applyRetention } from './privacy/retention';
import { expireTickets } from './tickets/expiry';
import { pruneInbound, WhatsAppService } from './whatsapp/service';
import { OpenStreams } from './realtime/open-streams';
import { Router } from './routing/router';
import { WebhookService } from './webhooks/service';

/** Something that runs beside the request path: started once, stopped once. */
interface Service {
  start(): void | Promise<void>;
  stop(): void | Promise<void>;
}

/**
 * Every background service of a server process, built in one place. Building starts nothing:
 * routes are built against these objects first, then `start()` starts them in order and
 * `stop()` stops them in reverse, each after the ones that feed it work.
 */
export interface Services {
  /** WAL checkpoints on a thread of their own (db/checkpointer.ts); SQLite only. */
  checkpointer: Checkpointer | undefined;
  /** Deletes events past their retention from the log. */
  eventPruner: EventPruner;
  /** Each site's retriever, trained and queried on the retriever thread. */
  retrievers: KbRetrievers;
  /** Answers visitor messages after their commit; undefined with PARLEY_BOT=off. */
  bot: BotWorker | undefined;
  /** Assignment, presence and the queue sweep. */
  router: Router;
  /** Mails agents' replies to visitors who left. */
  followUp: EmailFollowUp;
  /** Outbound webhooks: the events log into deliveries, and their sending. */
  webhooks: WebhookService;
  /** WhatsApp: the webhook's deliveries processed, and messages to WhatsApp customers sent. */
  whatsapp: WhatsAppService;
  /** The inbound mail listener, with PARLEY_INBOUND_SMTP_PORT. */
  inboundSmtp: InboundSmtp | undefined;
  /** The demo site on its own port, with PARLEY_DEMO=on. */
  demo: DemoSite | undefined;
  /** The agents' "Draft with AI", through the site's provider. */
  drafts: DraftProvider;
  /** One mail transport for follow-ups and transcripts. */
  mailer: Mailer;
  /** Every open stream, widget and inbox alike: their caps per owner, address and process. */
  streams: OpenStreams;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function buildServices(deps: Deps, { store, providers, mailer }: { store: Store; providers: ProviderChoice; mailer: Mailer }): Services {
  const { config } = deps;
  const checkpointer = store instanceof SqliteStore ? new Checkpointer(store.sqlite) : undefined;
  const followUp = new EmailFollowUp(deps, mailer);
  // Sites' own retention (privacy) erases on the same hourly pass as the log's pruning; tickets
  // waiting too long resolve or close on it.
  const eventPruner = new EventPruner(deps.db, config.PARLEY_EVENTS_RETENTION_DAYS * 24 * 60 * 60 * 1000, [
    (stopping) => applyRetention(deps, new Date(), stopping),
    (stopping) => expireTickets(deps, new Date(), (id, messageId) => followUp.replySent(id, messageId), stopping),
    () => pruneInbound(deps.db, new Date(Date.now() - config.PARLEY_EVENTS_RETENTION_DAYS * 24 * 60 * 60 * 1000)),
  ]);
  const retrievers = new KbRetrievers(deps.db);
  const bot = config.PARLEY_BOT === 'on' ? new BotWorker({ deps, retrievers, providers }) : undefined;
  const router = new Router(deps);
  const webhooks = new WebhookService(deps);
  const whatsapp = new WhatsAppService(deps);
  const port = config.PARLEY_INBOUND_SMTP_PORT;
  const inboundSmtp = port === undefined ? undefined : new InboundSmtp(deps, { port, host: config.HOST });
  const demo = config.PARLEY_DEMO === 'on' ? new DemoSite(deps) : undefined;
  const retrieverThread: Service = { start: () => {}, stop: () => retrievers.close() };
  // In start order: a service starts after those it hands work to, so none misses its first event.
  const ordered: Service[] = [
    ...(checkpointer ? [checkpointer] : []),
    eventPruner,
    retrieverThread,
    ...(bot ? [bot] : []),
    router,
    followUp,
    webhooks,
    whatsapp,
    ...(inboundSmtp ? [inboundSmtp] : []),
    ...(demo ? [demo] : []),
  ];
  const started: Service[] = [];
  const stop = async () => {
    for (const service of started.splice(0).reverse()) await service.stop();
  };
  return {
    checkpointer,
    eventPruner,
    retrievers,
    bot,
    router,
    followUp,
    webhooks,
    whatsapp,
    inboundSmtp,
    demo,
    drafts: providerDraft(deps.db, providers),
    mailer,
    streams: new OpenStreams({
      perAddress: config.PARLEY_STREAMS_PER_IP,
      perProcess: config.PARLEY_STREAMS_PER_PROCESS,
      heartbeatMs: config.PARLEY_HEARTBEAT_SECONDS * 1000,
    }),
    async start() {
      try {
        for (const service of ordered) {
          await service.start();
          started.push(service);
        }
      } catch (err) {
        // A port already taken, say: leave nothing running.
        await stop();
        throw err;
      }
    },
    stop,
  };
}
