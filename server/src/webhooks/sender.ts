import { and, asc, eq, inArray, lte, min, sql } from 'drizzle-orm';
import type { Deps } from '../core/deps';
import { LeasedOutbox } from '../core/leased-outbox';
import type { WebhookDeliveryRow, WebhookRow } from '../db/rows';
import { webhookDeliveries, webhooks } from '../db/tables';
import { retryDelayMs } from './retry-schedule';
import { postSafely, type PostAnswer } from './safe-post';
import { signedHeaders } from './signature';

/** Deliveries under way at once, across every endpoint of the process. */
const MAX_IN_FLIGHT = 8;
/** Failing for this long turns an endpoint off. */
const FAILING_LIMIT_MS = 24 * 60 * 60 * 1000;

/**
 * A delivery waits for the earlier pending ones of its endpoint and conversation: a receiver
 * gets a conversation's events in order, and one that keeps failing holds up only its own
 * conversation's. (Rows without an order key, test events, wait for nothing.)
 */
const isFirstInLine = () =>
  sql`not exists (select 1 from ${webhookDeliveries} as earlier where earlier.webhook_id = ${webhookDeliveries.webhookId} and earlier.order_key = ${webhookDeliveries.orderKey} and earlier.status = 'pending' and earlier.seq < ${webhookDeliveries.seq})`;
/** Its endpoint is on: an endpoint turned off keeps its deliveries for when it is on again. */
const endpointOn = () => sql`exists (select 1 from ${webhooks} where ${webhooks.id} = ${webhookDeliveries.webhookId} and ${webhooks.enabled})`;

const describe = (answer: PostAnswer) => `HTTP ${answer.status}${answer.body ? `: ${answer.body.slice(0, 200)}` : ''}`;

/**
 * Sends the queued webhook deliveries (dispatcher.ts queues them): each try signed anew with
 * the same webhook-id, a 2xx within PARLEY_WEBHOOK_TIMEOUT_SECONDS is delivered, anything else
 * is retried on the schedule (retry-schedule.ts) and then failed. A 410 turns the endpoint off
 * at once, and so does a day of failures; the owner sees why on the endpoint.
 *
 * A try is claimed with a lease (core/leased-outbox.ts), so any number of processes share the
 * outbox and a delivery whose process died mid-try (SIGKILL) is tried again once its lease
 * ends, by any process, with the same id: at least once, never twice at the same time.
 */
export class WebhookSender {
  readonly #outbox: LeasedOutbox<WebhookDeliveryRow>;

  constructor(private readonly deps: Deps) {
    this.#outbox = new LeasedOutbox(
      { nextDue: () => this.#nextDue(), claim: (limit) => this.#claim(limit), attempt: (row) => this.#try(row) },
      { maxInFlight: MAX_IN_FLIGHT, leaseMs: 2 * this.#timeoutMs, name: 'webhook delivery' },
    );
  }

  get #timeoutMs(): number {
    return this.deps.config.PARLEY_WEBHOOK_TIMEOUT_SECONDS * 1000;
  }

  start(): Promise<void> {
    return this.#outbox.start();
  }

  /** Deliveries were queued (or replayed): look for due ones now. */
  wake(): Promise<void> {
    return this.#outbox.wake();
  }

  stop(): Promise<void> {
    return this.#outbox.stop();
  }

  async #nextDue(): Promise<Date | undefined> {
    const [row] = await this.deps.db
      .select({ at: min(webhookDeliveries.nextAttemptAt) })
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.status, 'pending'), endpointOn(), isFirstInLine()));
    return row?.at ?? undefined;
  }

  async #claim(limit: number): Promise<WebhookDeliveryRow[]> {
    const { db } = this.deps;
    const now = new Date();
    const isDue = and(eq(webhookDeliveries.status, 'pending'), lte(webhookDeliveries.nextAttemptAt, now));
    const due = db
      .select({ seq: webhookDeliveries.seq })
      .from(webhookDeliveries)
      .where(and(isDue, endpointOn(), isFirstInLine()))
      .orderBy(asc(webhookDeliveries.seq))
      .limit(limit);
    return await db
      .update(webhookDeliveries)
      .set({ attempts: sql`${webhookDeliveries.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + 2 * this.#timeoutMs), lastAttemptAt: now })
      .where(and(inArray(webhookDeliveries.seq, due), isDue))
      .returning();
  }

  async #try(row: WebhookDeliveryRow): Promise<void> {
    const { db, config } = this.deps;
    const [hook] = await db.select().from(webhooks).where(eq(webhooks.id, row.webhookId));
    // Deleted meanwhile: its deliveries went with it.
    if (!hook) return;
    const now = new Date();
    const secrets = [hook.secret, ...(hook.previousSecret && hook.previousSecretExpiresAt && hook.previousSecretExpiresAt > now ? [hook.previousSecret] : [])];
    let answer: PostAnswer | undefined;
    let error: string | undefined;
    try {
      answer = await postSafely(hook.url, row.body, signedHeaders(secrets, row.id, now, row.body), {
        allowPrivate: config.PARLEY_WEBHOOK_ALLOW_PRIVATE,
        timeoutMs: this.#timeoutMs,
      });
    } catch (err) {
      error = (err instanceof Error ? err.message : String(err)).slice(0, 500);
    }
    await this.#record(row, hook, answer, error);
  }

  /**
   * The try's outcome, on the delivery and on its endpoint, in one transaction, by the holder
   * of the try's count only: a try that outlived its lease may have been claimed again since.
   */
  async #record(row: WebhookDeliveryRow, hook: WebhookRow, answer: PostAnswer | undefined, error: string | undefined): Promise<void> {
    const now = new Date();
    const ok = answer !== undefined && answer.status >= 200 && answer.status < 300;
    const wait = retryDelayMs(row.attempts, this.deps.config.PARLEY_WEBHOOK_RETRY_SECONDS * 1000);
    const delivery: Partial<WebhookDeliveryRow> = ok
      ? { status: 'delivered', deliveredAt: now, nextAttemptAt: null, responseStatus: answer.status, error: null }
      : {
          ...(wait === undefined ? { status: 'failed', nextAttemptAt: null } : { nextAttemptAt: new Date(now.getTime() + wait) }),
          responseStatus: answer?.status ?? null,
          error: answer ? describe(answer) : (error ?? 'failed'),
        };
    await this.deps.db.transaction(async (tx) => {
      const [updated] = await tx
        .update(webhookDeliveries)
        .set(delivery)
        .where(and(eq(webhookDeliveries.seq, row.seq), eq(webhookDeliveries.attempts, row.attempts)))
        .returning({ seq: webhookDeliveries.seq });
      if (!updated) return;
      const endpoint = this.#endpointAfter(hook, ok, answer, delivery.error ?? null, now);
      if (endpoint) await tx.update(webhooks).set(endpoint).where(eq(webhooks.id, hook.id));
    });
  }

  /** What a try's outcome changes on its endpoint: a success ends a failing streak; a 410, or a day of failures, turns it off. */
  #endpointAfter(hook: WebhookRow, ok: boolean, answer: PostAnswer | undefined, error: string | null, now: Date): Partial<WebhookRow> | undefined {
    if (ok) return hook.failingSince ? { failingSince: null } : undefined;
    const since = hook.failingSince ?? now;
    if (answer?.status === 410)
      return {
        failingSince: since,
        enabled: false,
        disabledReason: `The receiver answered 410 Gone on ${now.toISOString()}: it asked for no more deliveries.`,
      };
    if (now.getTime() - since.getTime() >= FAILING_LIMIT_MS)
      return {
        failingSince: since,
        enabled: false,
        disabledReason: `Every delivery failed from ${since.toISOString()} to ${now.toISOString()}; the last: ${error}`,
      };
    return hook.failingSince ? undefined : { failingSince: since };
  }
}
