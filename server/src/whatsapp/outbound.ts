import { and, asc, eq, gte, inArray, lte, min, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { MessageMeta } from '@parley/protocol';
import type { Deps } from '../core/deps';
import type { Db } from '../db/store';
import type { WhatsAppMessageRow } from '../db/rows';
import { articles, conversations, messages, sites, visitors, whatsappChannels, whatsappMessages } from '../db/tables';
import { backoffMs } from '../core/leased-outbox';
import { commitAndPublish } from '../realtime/event-log';
import { channelSecrets } from './channels';
import { GraphClient, GraphError, type Outgoing } from './graph';
import { deliveryEvent } from './statuses';
import { openUntil, WINDOW_MS } from './window';

/** Rows for the messages of WhatsApp conversations that go to the customer (visible ones not from them), among `these`. */
const outgoing = (db: Db, these: SQL) =>
  db
    // Every column, in the table's order: drizzle's insert … select takes nothing less.
    .select({
      messageId: messages.id,
      conversationId: messages.conversationId,
      status: sql<'queued'>`'queued'`.as('status'),
      wamid: sql<string | null>`null`.as('wamid'),
      error: sql<string | null>`null`.as('error'),
      attempts: sql<number>`0`.as('attempts'),
      nextAttemptAt: messages.createdAt,
      updatedAt: messages.createdAt,
    })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .where(and(eq(conversations.channel, 'whatsapp'), eq(messages.internal, false), ne(messages.authorType, 'visitor'), these));

/**
 * Queues a message for WhatsApp if it is one that goes there (told of each new message, after
 * its commit). Queued once: the message id is the row's key.
 */
export async function enqueueMessage(db: Db, messageId: number): Promise<boolean> {
  const query = outgoing(db, eq(messages.id, messageId));
  return (await db.insert(whatsappMessages).select(query).onConflictDoNothing().returning({ id: whatsappMessages.messageId })).length > 0;
}

/**
 * Queues what a process that died between a message's commit and its queueing left out: the
 * messages of the last day (older ones are past WhatsApp's window anyway) that go to WhatsApp
 * and have no row yet.
 */
export async function enqueueMissed(db: Db, now = new Date()): Promise<number> {
  const missed = outgoing(
    db,
    and(gte(messages.createdAt, new Date(now.getTime() - WINDOW_MS)), sql`not exists (select 1 from ${whatsappMessages} w where w.message_id = ${messages.id})`)!,
  );
  return (await db.insert(whatsappMessages).select(missed).onConflictDoNothing().returning({ id: whatsappMessages.messageId })).length;
}

export async function nextDue(db: Db): Promise<Date | undefined> {
  return (await db.select({ at: min(whatsappMessages.nextAttemptAt) }).from(whatsappMessages).where(eq(whatsappMessages.status, 'queued')))[0]?.at ?? undefined;
}

/** Leases up to `limit` due rows in one statement, re-checking they are due as it updates them (as the mail outbox does). */
export async function claimDue(db: Db, limit: number, leaseMs: number): Promise<WhatsAppMessageRow[]> {
  const now = new Date();
  const isDue = and(eq(whatsappMessages.status, 'queued'), lte(whatsappMessages.nextAttemptAt, now));
  const due = db.select({ id: whatsappMessages.messageId }).from(whatsappMessages).where(isDue).orderBy(asc(whatsappMessages.nextAttemptAt)).limit(limit);
  return await db
    .update(whatsappMessages)
    .set({ attempts: sql`${whatsappMessages.attempts} + 1`, nextAttemptAt: new Date(now.getTime() + leaseMs) })
    .where(and(inArray(whatsappMessages.messageId, due), isDue))
    .returning();
}

/**
 * The message as the customer reads it on WhatsApp: plain text; a bot's "Did you mean" as
 * numbered options, and the articles it answered from as links to the help center.
 */
async function textOf(deps: Deps, body: string, meta: MessageMeta, publicKey: string): Promise<string> {
  const lines = [body];
  const options = meta.suggestions?.map((s, i) => `${i + 1}. ${s.label}`) ?? [];
  if (options.length) lines.push('', ...options);
  const sourceIds = meta.sourceArticleIds ?? [];
  if (sourceIds.length && meta.kind === 'answer') {
    const found = await deps.db.select({ slug: articles.slug }).from(articles).where(inArray(articles.id, sourceIds.slice(0, 1)));
    const base = deps.config.PUBLIC_URL.replace(/\/$/, '');
    for (const a of found) lines.push('', `${base}/help/${publicKey}/articles/${a.slug}`);
  }
  return lines.join('\n').slice(0, 4096);
}

type Outcome = Partial<Pick<WhatsAppMessageRow, 'status' | 'wamid' | 'error' | 'nextAttemptAt'>>;

/**
 * One try of a claimed row: the message, its customer and channel, sent through the Graph API.
 * A free-form message past the 24-hour window is not tried (WhatsApp would refuse it); a
 * template is. 429, 5xx and no answer are tried again with backoff, up to
 * PARLEY_WHATSAPP_MAX_ATTEMPTS; any other refusal fails it with Meta's reason.
 */
export async function sendRow(deps: Deps, row: WhatsAppMessageRow): Promise<void> {
  // The customer's last message, whose time opens WhatsApp's window, read in the same query.
  const lastVisitor = alias(messages, 'last_visitor');
  const [found] = await deps.db
    .select({ message: messages, waId: visitors.whatsappId, channel: whatsappChannels, publicKey: sites.publicKey, lastVisitorAt: lastVisitor.createdAt })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .leftJoin(lastVisitor, eq(lastVisitor.id, conversations.lastVisitorMessageId))
    .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
    .innerJoin(sites, eq(sites.id, conversations.siteId))
    .leftJoin(whatsappChannels, eq(whatsappChannels.id, conversations.whatsappChannelId))
    .where(eq(messages.id, row.messageId))
    .limit(1);
  let outcome: Outcome;
  const secrets = found?.channel ? channelSecrets(deps.config, found.channel) : undefined;
  if (!found || !found.channel || !found.waId) outcome = { status: 'failed', error: 'the conversation has no WhatsApp channel any more' };
  else if (!secrets) outcome = { status: 'failed', error: 'the channel’s access token cannot be read on this server (PARLEY_SECRET_KEY)' };
  else {
    const { template } = found.message.meta;
    const windowOpen = openUntil(found.lastVisitorAt) !== null;
    const message: Outgoing = template ? { template } : { text: await textOf(deps, found.message.body, found.message.meta, found.publicKey) };
    if (!template && !windowOpen) outcome = { status: 'failed', error: 'outside WhatsApp’s 24-hour window: send a template' };
    else
      try {
        const wamid = await new GraphClient(deps.config, secrets.accessToken).send(found.channel.phoneNumberId, found.waId, message);
        outcome = { status: 'sent', wamid, error: null, nextAttemptAt: null };
      } catch (err) {
        const graph = err instanceof GraphError ? err : new GraphError(String(err), null, true);
        const giveUp = !graph.retry || row.attempts >= deps.config.PARLEY_WHATSAPP_MAX_ATTEMPTS;
        const backoff = backoffMs(deps.config.PARLEY_WHATSAPP_RETRY_SECONDS, row.attempts);
        outcome = giveUp ? { status: 'failed', error: graph.message, nextAttemptAt: null } : { error: graph.message, nextAttemptAt: new Date(Date.now() + backoff) };
      }
  }
  await record(deps, row, outcome);
}

/** The try's outcome and its event for the agents, in one transaction; only the holder of the try's count records it. */
async function record(deps: Deps, row: WhatsAppMessageRow, outcome: Outcome): Promise<void> {
  await commitAndPublish(deps, async (tx) => {
    const [updated] = await tx
      .update(whatsappMessages)
      .set({ ...outcome, ...(outcome.status === 'failed' ? { nextAttemptAt: null } : {}), updatedAt: new Date() })
      .where(and(eq(whatsappMessages.messageId, row.messageId), eq(whatsappMessages.attempts, row.attempts), eq(whatsappMessages.status, 'queued')))
      .returning();
    if (!updated) return undefined;
    const [scope] = await tx.select({ siteId: conversations.siteId, visitorId: conversations.visitorId }).from(conversations).where(eq(conversations.id, row.conversationId));
    return scope ? { logged: [deliveryEvent(tx, updated, scope)] } : undefined;
  });
}

