import { setTimeout as delay } from 'node:timers/promises';
import { and, asc, eq, inArray, lte, min, sql } from 'drizzle-orm';
import type { Deps } from '../core/deps';
import { backoffMs, LeasedOutbox } from '../core/leased-outbox';
import { toEmailDelivery } from '../conversations/inbox-transcript';
import type { EmailLogRow } from '../db/rows';
import { agents, conversations, emailLog, messages, sites, visitors } from '../db/tables';
import { visitorTexts } from '../i18n/texts';
import { appendEvent, commitAndPublish } from '../realtime/event-log';
import { siteSettings } from '../sites/sites';
import type { Mail, Mailer } from './mailer';
import { replyAddress } from './reply-address';

/** Mails under way at once: the relay sees a handful of connections at most. */
const MAX_IN_FLIGHT = 4;

type Outcome = Pick<EmailLogRow, 'error'> & Partial<Pick<EmailLogRow, 'status' | 'sentAt' | 'nextAttemptAt'>>;

/** SMTP's reply classes: a 5xx is the mail server's final word, a 4xx or no answer at all is worth another try. */
const isPermanent = (err: unknown) => typeof err === 'object' && err !== null && Number((err as { responseCode?: unknown }).responseCode) >= 500;

/**
 * The email leg of the offline path (docs/spec.md §4, §8): an agent's reply to a conversation
 * handed off while nobody was available goes to the visitor's email, from a durable outbox.
 * `email_log` has one row per message (its primary key), so a reply is queued once however
 * often it is reported; a row is `pending` with the time of its next try, is claimed for a
 * try in one statement, and ends `sent`, or `failed` after a permanent refusal or
 * PARLEY_MAIL_MAX_ATTEMPTS tries, backing off in between. Each outcome is logged as a
 * `message.delivery` event for the agents, who see it on the message.
 *
 * Any number of processes share the outbox. A claim is a lease: it moves the row's next try
 * past the end of the try under way (twice PARLEY_MAIL_TIMEOUT_SECONDS, and a try that takes
 * longer is abandoned), so a row whose process died is due again then, for any process, and
 * a live process's try is never taken over. The claim counts the try, and only the holder of
 * that count records an outcome.
 * With inbound email on, Reply-To is the conversation's reply address, so the visitor's
 * answer lands back in it (inbound.ts); without, replies go to the sender address.
 */
export class EmailFollowUp {
  readonly #outbox: LeasedOutbox<EmailLogRow>;

  constructor(
    private readonly deps: Deps,
    private readonly mailer: Mailer,
  ) {
    this.#outbox = new LeasedOutbox(
      { nextDue: () => this.#nextDue(), claim: (limit) => this.#claim(limit), attempt: (row) => this.#try(row) },
      { maxInFlight: MAX_IN_FLIGHT, leaseMs: this.#leaseMs, name: 'email follow-up' },
    );
  }

  /** An agent's visible reply was stored: queue its mail if the visitor is on the email path. */
  async replySent(conversationId: string, messageId: number): Promise<void> {
    if (await this.#queue(conversationId, messageId)) await this.#outbox.wake();
  }

  /** A ticket was made: its first message, the visitor's own, is mailed back as the acknowledgement with its reference. */
  ticketCreated(conversationId: string, firstMessageId: number): Promise<void> {
    return this.replySent(conversationId, firstMessageId);
  }

  start(): Promise<void> {
    return this.#outbox.start();
  }

  /** Lets the tries under way finish and record their outcome. */
  stop(): Promise<void> {
    return this.#outbox.stop();
  }

  get #timeoutMs(): number {
    return this.deps.config.PARLEY_MAIL_TIMEOUT_SECONDS * 1000;
  }

  /** How long a claim holds a row: a try is abandoned at half of it, so the lease outlives every live try. */
  get #leaseMs(): number {
    return 2 * this.#timeoutMs;
  }

  async #queue(conversationId: string, messageId: number): Promise<boolean> {
    const { db } = this.deps;
    const row = (
      await db
        .select({ emailFollowUp: conversations.emailFollowUp, email: visitors.email, internal: messages.internal })
        .from(messages)
        .innerJoin(conversations, eq(conversations.id, messages.conversationId))
        .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
        .where(and(eq(messages.id, messageId), eq(messages.conversationId, conversationId)))
        .limit(1)
    )[0];
    if (!row?.emailFollowUp || !row.email || row.internal) return false;
    const queued = (
      await db
        .insert(emailLog)
        .values({ messageId, conversationId, to: row.email, status: 'pending', nextAttemptAt: new Date() })
        .onConflictDoNothing()
        .returning()
    )[0]!;
    return queued !== undefined;
  }

  async #nextDue(): Promise<Date | undefined> {
    return (
      (
        await this.deps.db
          .select({ at: min(emailLog.nextAttemptAt) })
          .from(emailLog)
          .where(eq(emailLog.status, 'pending'))
      )[0]?.at ?? undefined
    );
  }

  /**
   * Up to `limit` due rows, leased in one UPDATE … RETURNING: the due condition is checked
   * again on the row as it is updated (PostgreSQL re-reads a row another claim just changed),
   * so a row is claimed by exactly one try in whichever process, and no mail is sent twice at
   * once. The error of the last try is cleared: while claimed, the mail is being sent.
   */
  async #claim(limit: number): Promise<EmailLogRow[]> {
    const { db } = this.deps;
    const now = new Date();
    const isDue = and(eq(emailLog.status, 'pending'), lte(emailLog.nextAttemptAt, now));
    const due = db.select({ id: emailLog.messageId }).from(emailLog).where(isDue).orderBy(asc(emailLog.nextAttemptAt)).limit(limit);
    return await db
      .update(emailLog)
      .set({ attempts: sql`${emailLog.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + this.#leaseMs), error: null })
      .where(and(inArray(emailLog.messageId, due), isDue))
      .returning();
  }

  /** The mail server's answer, or a failure once PARLEY_MAIL_TIMEOUT_SECONDS pass without one. */
  async #send(mail: Mail): Promise<void> {
    const abandon = new AbortController();
    const sending = this.mailer.send(mail);
    // An abandoned send may still fail later; that is already counted.
    sending.catch(() => {});
    const timedOut = delay(this.#timeoutMs, undefined, { signal: abandon.signal }).then(() => {
      throw new Error(`no answer from the mail server in ${this.deps.config.PARLEY_MAIL_TIMEOUT_SECONDS} s`);
    });
    timedOut.catch(() => {});
    try {
      await Promise.race([sending, timedOut]);
    } finally {
      abandon.abort();
    }
  }

  async #try(row: EmailLogRow): Promise<void> {
    const mail = await this.#compose(row);
    // The row goes with its message or conversation (cascade): nothing is left to record.
    if (!mail) return;
    let outcome: Outcome;
    try {
      await this.#send(mail);
      outcome = { status: 'sent', sentAt: new Date(), error: null, nextAttemptAt: null };
    } catch (err) {
      const error = (err instanceof Error ? err.message : String(err)).slice(0, 500);
      const giveUp = isPermanent(err) || row.attempts >= this.deps.config.PARLEY_MAIL_MAX_ATTEMPTS;
      const backoff = backoffMs(this.deps.config.PARLEY_MAIL_RETRY_SECONDS, row.attempts);
      console.error(`[parley] email to ${row.to} failed (try ${row.attempts}${giveUp ? ', giving up' : `, again in ${backoff / 1000} s`}): ${error}`);
      outcome = giveUp ? { status: 'failed', error, nextAttemptAt: null } : { error, nextAttemptAt: new Date(Date.now() + backoff) };
    }
    await this.#record(row, outcome);
  }

  /**
   * The reply as the visitor gets it, in their language; for a ticket, under its reference and
   * subject: its first message (the visitor's own) as the acknowledgement, a question to the
   * customer saying so, and its lines (resolved, made a ticket) as they read in the thread.
   * Undefined once the message is gone.
   */
  async #compose(row: EmailLogRow): Promise<Mail | undefined> {
    const { db, config } = this.deps;
    const found = (
      await db
        .select({
          site: sites,
          locale: visitors.locale,
          body: messages.body,
          meta: messages.meta,
          author: messages.authorType,
          agentName: agents.name,
          ticket: { reference: conversations.reference, subject: conversations.subject },
        })
        .from(messages)
        .innerJoin(conversations, eq(conversations.id, messages.conversationId))
        .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
        .innerJoin(sites, eq(sites.id, conversations.siteId))
        .leftJoin(agents, eq(agents.id, messages.authorAgentId))
        .where(eq(messages.id, row.messageId))
        .limit(1)
    )[0];
    if (!found) return undefined;
    const siteName = found.site.name;
    const texts = visitorTexts(found.locale, siteSettings(found.site).locale);
    const host = new URL(config.PUBLIC_URL).hostname;
    const thread = `<conversation-${row.conversationId}@${host}>`;
    const { reference, subject } = found.ticket;
    const acknowledging = reference !== null && found.author === 'visitor';
    const signed = `${found.body}\n\n— ${found.agentName ? `${found.agentName}, ${siteName}` : siteName}\n`;
    return {
      to: row.to,
      subject:
        reference === null
          ? texts.followUp.subject(siteName)
          : `${acknowledging ? '' : 'Re: '}[#${reference}] ${subject ?? ''}`.trim(),
      text: acknowledging
        ? `${texts.ticket.received(siteName, reference)}\n\n> ${found.body.replaceAll('\n', '\n> ')}\n\n${texts.ticket.replyToAdd}\n`
        : reference !== null && found.meta.ticket === 'pending'
          ? `${texts.ticket.needInfo(siteName, reference)}\n\n${signed}\n${texts.ticket.replyToAnswer}\n`
          : signed,
      // The same id on every try: a mail the server took before a crash, sent again, is one mail to the visitor's client.
      messageId: `<message-${row.messageId}@${host}>`,
      inReplyTo: thread,
      references: thread,
      replyTo: replyAddress(config, found.site.secret, row.conversationId),
    };
  }

  /**
   * The try's outcome and its event for the agents, in one transaction. A try that outlived
   * its lease may have been claimed again since (the count moved on): that try's outcome is
   * the one to keep.
   */
  async #record(row: EmailLogRow, outcome: Outcome): Promise<void> {
    await commitAndPublish(this.deps, async (tx) => {
      const [updated] = await tx
        .update(emailLog)
        .set(outcome)
        .where(and(eq(emailLog.messageId, row.messageId), eq(emailLog.attempts, row.attempts)))
        .returning();
      const [scope] = await tx
        .select({ siteId: conversations.siteId, visitorId: conversations.visitorId })
        .from(conversations)
        .where(eq(conversations.id, row.conversationId))
        .limit(1);
      if (!updated || !scope) return undefined;
      const event = { type: 'message.delivery' as const, conversationId: row.conversationId, messageId: row.messageId, delivery: toEmailDelivery(updated) };
      return { logged: [appendEvent(tx, { ...scope, audience: 'agents' }, event)] };
    });
  }
}
