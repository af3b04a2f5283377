import { and, asc, eq, inArray, isNull, lt, lte, min, sql } from 'drizzle-orm';
import type { Deps } from '../core/deps';
import { backoffMs, LeasedOutbox } from '../core/leased-outbox';
import type { WhatsAppInboundRow } from '../db/rows';
import { whatsappChannels, whatsappInbound } from '../db/tables';
import { channelSecrets, findChannel } from './channels';
import { GraphClient } from './graph';
import { processDelivery } from './inbound';
import { claimDue, enqueueMessage, enqueueMissed, nextDue, sendRow } from './outbound';

/** Messages to customers under way at once. */
const MAX_SENDING = 4;
/** A look for messages a process that died did not queue. */
const SWEEP_MS = 60 * 1000;
/** A delivery that keeps failing (a bug, the database away) is tried this often, then kept with its error for an operator. */
const INBOUND_ATTEMPTS = 10;

/**
 * WhatsApp in a process: the webhook's queued deliveries processed (`inbound`), and every
 * message that goes to a WhatsApp customer — the bot's, an agent's, a template — queued as it
 * is committed (observed on the bus, and swept for) and sent from a durable outbox with
 * retries (`outbound`). Both are leased like the mail outbox, so any number of processes
 * share them and a crash mid-try is picked up again.
 */
export class WhatsAppService {
  readonly #inbound: LeasedOutbox<WhatsAppInboundRow>;
  readonly #outbound: LeasedOutbox<Awaited<ReturnType<typeof claimDue>>[number]>;
  #unobserve: (() => void) | undefined;
  #sweep: ReturnType<typeof setInterval> | undefined;
  readonly #queueing = new Set<Promise<unknown>>();
  /**
   * Whether the install has a WhatsApp number: without one, agents' and the bot's messages
   * cost nothing here. Read at start and on each sweep; a delivery received proves one. A
   * number set up meanwhile on another process is caught up by the next sweep.
   */
  #anyChannel = false;

  constructor(private readonly deps: Deps) {
    const leaseMs = 2 * deps.config.PARLEY_WHATSAPP_TIMEOUT_SECONDS * 1000 + 30_000;
    this.#inbound = new LeasedOutbox(
      { nextDue: () => this.#inboundDue(), claim: (limit) => this.#claimInbound(limit, leaseMs), attempt: (row) => this.#process(row) },
      // One delivery at a time: a customer's messages are stored in the order Meta sent them.
      { maxInFlight: 1, leaseMs, name: 'WhatsApp inbound' },
    );
    this.#outbound = new LeasedOutbox(
      { nextDue: () => nextDue(deps.db), claim: (limit) => claimDue(deps.db, limit, leaseMs), attempt: (row) => sendRow(deps, row) },
      { maxInFlight: MAX_SENDING, leaseMs, name: 'WhatsApp outbound' },
    );
  }

  /** A webhook delivery was queued. */
  received(): void {
    this.#anyChannel = true;
    void this.#inbound.wake();
  }

  async start(): Promise<void> {
    this.#unobserve = this.deps.bus.observe((e) => {
      if (!this.#anyChannel || e.type !== 'message.created' || e.message.author.type === 'visitor') return;
      const queueing = enqueueMessage(this.deps.db, e.message.id)
        .then((queued) => (queued ? this.#outbound.wake() : undefined))
        .catch((err: unknown) => console.error('[parley] queueing a WhatsApp message failed', err))
        .finally(() => this.#queueing.delete(queueing));
      this.#queueing.add(queueing);
    });
    await this.#catchUp();
    this.#sweep = setInterval(() => {
      this.#catchUp()
        .then((n) => (n > 0 ? this.#outbound.wake() : undefined))
        .catch((err: unknown) => console.error('[parley] sweeping for WhatsApp messages failed', err));
    }, SWEEP_MS).unref();
    await this.#inbound.start();
    await this.#outbound.start();
  }

  async stop(): Promise<void> {
    this.#unobserve?.();
    clearInterval(this.#sweep);
    await Promise.all([...this.#queueing]);
    await this.#inbound.stop();
    await this.#outbound.stop();
  }

  /** Queues what was missed, if the install has a number; how many. */
  async #catchUp(): Promise<number> {
    this.#anyChannel = (await this.deps.db.select({ id: whatsappChannels.id }).from(whatsappChannels).limit(1)).length > 0;
    return this.#anyChannel ? enqueueMissed(this.deps.db) : 0;
  }

  async #inboundDue(): Promise<Date | undefined> {
    return (await this.deps.db.select({ at: min(whatsappInbound.nextAttemptAt) }).from(whatsappInbound))[0]?.at ?? undefined;
  }

  async #claimInbound(limit: number, leaseMs: number): Promise<WhatsAppInboundRow[]> {
    const { db } = this.deps;
    const now = new Date();
    const isDue = lte(whatsappInbound.nextAttemptAt, now);
    const due = db.select({ id: whatsappInbound.id }).from(whatsappInbound).where(isDue).orderBy(asc(whatsappInbound.id)).limit(limit);
    return await db
      .update(whatsappInbound)
      .set({ attempts: sql`${whatsappInbound.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + leaseMs) })
      .where(and(inArray(whatsappInbound.id, due), isDue))
      .returning();
  }

  /**
   * One delivery processed: deleted once done (what it said is stored where it belongs; the raw
   * body names a person, and is kept no longer than needed), due again after a failure, or
   * kept with its error for an operator once it has failed too often.
   */
  async #process(row: WhatsAppInboundRow): Promise<void> {
    const { db, config } = this.deps;
    let error: string | null = null;
    const channel = await findChannel(db, row.channelId);
    const secrets = channel && channelSecrets(config, channel);
    try {
      if (channel && secrets) await processDelivery(this.deps, channel, new GraphClient(config, secrets.accessToken), row.body);
      else error = 'the channel’s access token cannot be read on this server (PARLEY_SECRET_KEY)';
    } catch (err) {
      error = (err instanceof Error ? err.message : String(err)).slice(0, 500);
      console.error(`[parley] a WhatsApp delivery failed (try ${row.attempts})`, err);
    }
    const mine = and(eq(whatsappInbound.id, row.id), eq(whatsappInbound.attempts, row.attempts));
    if (error === null) return void (await db.delete(whatsappInbound).where(mine));
    const again = secrets !== undefined && row.attempts < INBOUND_ATTEMPTS;
    const nextAttemptAt = again ? new Date(Date.now() + backoffMs(config.PARLEY_WHATSAPP_RETRY_SECONDS, row.attempts)) : null;
    await db.update(whatsappInbound).set({ error, nextAttemptAt }).where(mine);
  }
}

/** Deletes the deliveries that failed for good, received before `before` (the events log's retention). */
export async function pruneInbound(db: Deps['db'], before: Date): Promise<void> {
  await db.delete(whatsappInbound).where(and(isNull(whatsappInbound.nextAttemptAt), lt(whatsappInbound.receivedAt, before)));
}
