import type { Deps } from '../core/deps';
import { pruneFinishedDeliveries } from './delivery-retention';
import { DISPATCH_PAGE, dispatchPage } from './dispatcher';
import { WebhookSender } from './sender';

/** Events arriving this close together share a pass over the log. */
const GATHER_MS = 20;
/** A look at the log without an event of this process: events other processes logged and, if they died first, did not dispatch. */
const POLL_MS = 5000;
/** Finished deliveries are kept as long as the events log keeps events, and pruned this often. */
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * Outbound webhooks in a process: after each event it commits (observed on the bus) and every
 * few seconds, the dispatcher turns the events log into deliveries; the sender sends them.
 * Passes over the log never overlap in a process (and are safe to overlap across processes).
 */
export class WebhookService {
  readonly sender: WebhookSender;
  #unobserve: (() => void) | undefined;
  #poll: ReturnType<typeof setInterval> | undefined;
  #pruneTimer: ReturnType<typeof setInterval> | undefined;
  #pruning: Promise<number> | undefined;
  #soon: ReturnType<typeof setTimeout> | undefined;
  #pass: Promise<void> | undefined;
  #again = false;
  #stopped = false;

  constructor(private readonly deps: Deps) {
    this.sender = new WebhookSender(deps);
  }

  async start(): Promise<void> {
    await this.sender.start();
    this.#unobserve = this.deps.bus.observe(() => this.#dispatchSoon());
    this.#poll = setInterval(() => this.#dispatchSoon(), POLL_MS).unref();
    this.#pruneTimer = setInterval(() => {
      this.#pruning = this.#prune();
    }, PRUNE_EVERY_MS).unref();
    this.#dispatchSoon();
  }

  /** Deletes deliveries finished longer ago than the events log's retention; never throws. */
  async #prune(): Promise<number> {
    const before = new Date(Date.now() - this.deps.config.PARLEY_EVENTS_RETENTION_DAYS * 24 * 60 * 60 * 1000);
    return pruneFinishedDeliveries(this.deps.db, before).catch((err: unknown) => {
      console.error('[parley] pruning webhook deliveries failed', err);
      return 0;
    });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unobserve?.();
    clearInterval(this.#poll);
    clearInterval(this.#pruneTimer);
    clearTimeout(this.#soon);
    await Promise.all([this.#pass, this.#pruning]);
    await this.sender.stop();
  }

  #dispatchSoon(): void {
    if (this.#stopped) return;
    if (this.#pass) {
      this.#again = true;
      return;
    }
    this.#soon ??= setTimeout(() => {
      this.#soon = undefined;
      this.#pass = this.#dispatch()
        .catch((err: unknown) => console.error('[parley] webhook dispatch failed', err))
        .finally(() => {
          this.#pass = undefined;
          if (this.#again) {
            this.#again = false;
            this.#dispatchSoon();
          }
        });
    }, GATHER_MS);
  }

  /** Reads the log up to its end, a page at a time, and wakes the sender if anything was queued. */
  async #dispatch(): Promise<void> {
    let queued = 0;
    for (;;) {
      const page = await dispatchPage(this.deps.db);
      queued += page.queued;
      if (page.read < DISPATCH_PAGE || this.#stopped) break;
    }
    if (queued > 0) await this.sender.wake();
  }
}
