import { and, asc, eq, exists, max, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { conversations, messageFeedback, messages } from '../db/tables';
import type { BotVote } from './feedback';
import type { DurableEvent } from '@parley/protocol';
import type { Db } from '../db/store';
import { offerAfterVote } from './after-vote';
import { answerVisitorMessage, type BotDeps } from './turn';

type Job = { kind: 'message' | 'vote'; messageId: number };

/**
 * Runs the bot beside the request path (docs/decisions.md#2026-11-21--the-bot-runs-after-the-commit-beside-the-request-path):
 * it observes committed events, so a visitor's POST never waits for it, and each
 * conversation's jobs run one after another (replies stay in order) while different
 * conversations proceed independently. A crash loses nothing: `start()` answers every `bot`
 * conversation whose last visible message is still the visitor's, and reconsiders one whose
 * last message is an answer voted "not helpful".
 */
export class BotWorker {
  readonly #chains = new Map<string, Promise<void>>();
  #stopped = false;
  #unobserve: (() => void) | undefined;

  constructor(private readonly bot: BotDeps) {}

  /** Queues the work a committed event calls for: every visitor message gets a turn. */
  #observe(event: DurableEvent): void {
    if (this.#stopped) return;
    if (event.type === 'message.created' && event.message.author.type === 'visitor') {
      this.#enqueue(event.conversationId, { kind: 'message', messageId: event.message.id });
    }
  }

  /** A visitor's vote on a bot answer; "not helpful" may call for offering a person now. */
  observeVote(vote: BotVote): void {
    if (!this.#stopped && !vote.helpful) this.#enqueue(vote.conversationId, { kind: 'vote', messageId: vote.messageId });
  }

  /** Watches committed events, then catches up. */
  async start(): Promise<void> {
    this.#unobserve = this.bot.deps.bus.observe((e) => this.#observe(e));
    await this.catchUp();
  }

  /** Picks up what a previous process left unanswered, or had yet to react to. */
  async catchUp(): Promise<void> {
    const { db } = this.bot.deps;
    for (const { messageId, conversationId } of await lastMessages(db, 'visitor')) this.#enqueue(conversationId, { kind: 'message', messageId });
    const votedDown = (messageId: AnyColumn) =>
      exists(
        db
          .select({ one: sql`1` })
          .from(messageFeedback)
          .where(and(eq(messageFeedback.messageId, messageId), eq(messageFeedback.helpful, false))),
      );
    for (const { messageId, conversationId } of await lastMessages(db, 'bot', votedDown)) {
      this.#enqueue(conversationId, { kind: 'vote', messageId });
    }
  }

  /** Resolves once every queued job has run (tests, eval, shutdown). */
  async idle(): Promise<void> {
    while (this.#chains.size > 0) await Promise.all([...this.#chains.values()]);
  }

  /** Stops taking work and lets the turns under way write (the retriever thread is stopped after it). */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unobserve?.();
    await this.idle();
  }

  #enqueue(conversationId: string, job: Job): void {
    const prev = this.#chains.get(conversationId) ?? Promise.resolve();
    const next = prev
      .then(async () => (this.#stopped && job.kind === 'message' ? undefined : await this.#run(job)))
      .catch((err: unknown) => console.error('[parley] bot failed on', job, err))
      .finally(() => {
        if (this.#chains.get(conversationId) === next) this.#chains.delete(conversationId);
      });
    this.#chains.set(conversationId, next);
  }

  async #run(job: Job): Promise<void> {
    if (job.kind === 'message') await answerVisitorMessage(this.bot, job.messageId);
    else await offerAfterVote(this.bot.deps, job.messageId);
  }
}

/** The last visible message of each conversation still in `bot` status, when `author` wrote it (and `also` holds). */
function lastMessages(db: Db, author: 'visitor' | 'bot', also?: (messageId: AnyColumn) => SQL) {
  const m = alias(messages, 'm');
  const last = alias(messages, 'last');
  const lastVisible = db
    .select({ id: max(last.id) })
    .from(last)
    .where(and(eq(last.conversationId, conversations.id), eq(last.internal, false)));
  return db
    .select({ messageId: m.id, conversationId: m.conversationId })
    .from(conversations)
    .innerJoin(m, eq(m.id, lastVisible))
    .where(and(eq(conversations.status, 'bot'), eq(m.authorType, author), also?.(m.id)))
    .orderBy(asc(m.id));
}
