import { eq } from 'drizzle-orm';
import type { Deps } from '../core/deps';
import { agents, conversations, emailLog, messages, sites, visitors } from '../db/schema';
import { visitorTexts } from '../i18n/texts';
import { siteSettings } from '../sites/sites';
import type { Mailer } from './mailer';
import { replyAddress } from './reply-address';

/**
 * The email leg of the offline path (docs/spec.md §4, §8): an agent's reply to a conversation handed
 * off while nobody was available goes to the visitor's email. One email_log row per message
 * (its primary key) makes a second call for the same message a no-op. With inbound email on,
 * Reply-To is the conversation's reply address, so the visitor's answer lands back in it
 * (inbound.ts); without, replies go to the sender address.
 */
export class EmailFollowUp {
  /** Mails being sent: stop() waits for them, so the database is never closed under one. */
  readonly #sending = new Set<Promise<void>>();

  constructor(
    private readonly deps: Pick<Deps, 'db' | 'config'>,
    private readonly mailer: Mailer,
  ) {}

  /** An agent's visible reply was stored: mail it if the visitor is on the email path. Never throws. */
  replySent(conversationId: string, messageId: number): void {
    const sending = this.#send(conversationId, messageId)
      .catch((err: unknown) => console.error('[parley] email follow-up failed', err))
      .finally(() => this.#sending.delete(sending));
    this.#sending.add(sending);
  }

  start(): void {}

  /** Lets the mails under way finish. */
  async stop(): Promise<void> {
    await Promise.all([...this.#sending]);
  }

  async #send(conversationId: string, messageId: number): Promise<void> {
    const { db, config } = this.deps;
    const row = db
      .select({ c: conversations, email: visitors.email, locale: visitors.locale, site: sites })
      .from(conversations)
      .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
      .innerJoin(sites, eq(sites.id, conversations.siteId))
      .where(eq(conversations.id, conversationId))
      .get();
    if (!row?.c.emailFollowUp || !row.email) return;
    const message = db
      .select({ body: messages.body, internal: messages.internal, agentName: agents.name })
      .from(messages)
      .leftJoin(agents, eq(agents.id, messages.authorAgentId))
      .where(eq(messages.id, messageId))
      .get();
    if (!message || message.internal) return;
    const claimed = db.insert(emailLog).values({ messageId, conversationId, to: row.email, status: 'pending' }).onConflictDoNothing().returning().get();
    if (!claimed) return;

    const siteName = row.site.name;
    const texts = visitorTexts(row.locale, siteSettings(row.site).locale);
    const host = new URL(config.PUBLIC_URL).hostname;
    const thread = `<conversation-${conversationId}@${host}>`;
    try {
      await this.mailer.send({
        to: row.email,
        subject: texts.followUp.subject(siteName),
        text: `${message.body}\n\n— ${message.agentName ?? siteName}, ${siteName}\n`,
        messageId: `<message-${messageId}@${host}>`,
        inReplyTo: thread,
        references: thread,
        replyTo: replyAddress(config, row.site.secret, conversationId),
      });
      db.update(emailLog).set({ status: 'sent', sentAt: new Date() }).where(eq(emailLog.messageId, messageId)).run();
    } catch (err) {
      console.error(`[parley] email to ${row.email} failed`, err);
      db.update(emailLog).set({ status: 'failed', error: String(err).slice(0, 500) }).where(eq(emailLog.messageId, messageId)).run();
    }
  }
}
