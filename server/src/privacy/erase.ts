import { and, eq, inArray, isNotNull, like } from 'drizzle-orm';
import type { Deps } from '../core/deps';
import { forgetRateLimitKeys } from '../core/limits';
import { newId } from '../db/ids';
import { scrubDeleted } from '../db/scrub';
import type { Db } from '../db/store';
import { conversations, emailLog, erasedConversations, visitors, webhookDeliveries, whatsappInbound } from '../db/tables';
import { deleteOutboxMails } from '../email/outbox-files';
import { appendEvent, commitAndPublish, type LoggedEvent } from '../realtime/event-log';

/** What one erasure removes: conversations (each leaves what reports count of it), and visitors with all else of theirs. */
interface Erasure {
  siteId: string;
  visitorIds: readonly string[];
  conversationIds: readonly string[];
}

/**
 * The deletes, in one transaction. A conversation's row goes after its report shell is kept
 * (erased_conversations: no visitor, no text, a new id); its messages, notes, events, read
 * marks, mails in the outbox, votes and gap reviews go with it by cascade, and its messages'
 * search entries with them (triggers). A visitor's row takes their tokens, consents, votes
 * and contact events. Webhook deliveries copy events' bodies and are keyed by conversation
 * or contact, so they go by that key. WhatsApp deliveries not yet processed (or failed) that
 * name a visitor's number go too. Returns each erased visitor's conversations.
 */
async function deleteRows(tx: Db, e: Erasure): Promise<Map<string, string[]>> {
  const byVisitor = new Map(e.visitorIds.map((id) => [id, [] as string[]]));
  const ofVisitors = e.visitorIds.length
    ? await tx
        .select({ id: conversations.id, visitorId: conversations.visitorId })
        .from(conversations)
        .where(inArray(conversations.visitorId, [...e.visitorIds]))
    : [];
  for (const c of ofVisitors) byVisitor.get(c.visitorId)!.push(c.id);
  const conversationIds = [...new Set([...e.conversationIds, ...ofVisitors.map((c) => c.id)])];
  if (conversationIds.length > 0) {
    const shells = await tx
      .select({
        siteId: conversations.siteId,
        status: conversations.status,
        assigneeId: conversations.assigneeId,
        rating: conversations.rating,
        createdAt: conversations.createdAt,
        queuedAt: conversations.queuedAt,
        firstResponseAt: conversations.firstResponseAt,
        resolvedAt: conversations.resolvedAt,
        firstResponseDueAt: conversations.firstResponseDueAt,
        resolutionDueAt: conversations.resolutionDueAt,
        kind: conversations.kind,
        category: conversations.category,
        priority: conversations.priority,
        reopens: conversations.reopens,
        channel: conversations.channel,
      })
      .from(conversations)
      .where(inArray(conversations.id, conversationIds));
    if (shells.length > 0) await tx.insert(erasedConversations).values(shells.map((s) => ({ ...s, id: newId('ec') })));
  }
  const orderKeys = [...conversationIds, ...e.visitorIds.map((id) => `visitor:${id}`)];
  if (orderKeys.length > 0) await tx.delete(webhookDeliveries).where(inArray(webhookDeliveries.orderKey, orderKeys));
  if (conversationIds.length > 0) await tx.delete(conversations).where(inArray(conversations.id, conversationIds));
  if (e.visitorIds.length > 0) {
    const numbers = await tx.select({ waId: visitors.whatsappId }).from(visitors).where(and(inArray(visitors.id, [...e.visitorIds]), isNotNull(visitors.whatsappId)));
    // A wa_id is digits only: nothing in it is a LIKE wildcard.
    for (const { waId } of numbers) await tx.delete(whatsappInbound).where(like(whatsappInbound.body, `%"${waId}"%`));
    await tx.delete(visitors).where(inArray(visitors.id, [...e.visitorIds]));
  }
  return byVisitor;
}

/** What names the erased in the mails the outbox folder holds: ids, and the addresses mailed. */
async function mailNeedles(db: Db, e: Erasure): Promise<string[]> {
  const emails = e.visitorIds.length
    ? (
        await db
          .select({ email: visitors.email })
          .from(visitors)
          .where(inArray(visitors.id, [...e.visitorIds]))
      ).map((v) => v.email ?? '')
    : [];
  const mailed = e.visitorIds.length
    ? await db
        .selectDistinct({ to: emailLog.to })
        .from(emailLog)
        .innerJoin(conversations, eq(conversations.id, emailLog.conversationId))
        .where(inArray(conversations.visitorId, [...e.visitorIds]))
    : [];
  return [...e.visitorIds, ...e.conversationIds, ...emails, ...mailed.map((m) => m.to)];
}

/**
 * Erases conversations and visitors of one site for good: every row that holds them (above),
 * then what lives outside the rows — rate-limit buckets keyed by them, mails written to the
 * outbox folder, and the deleted bytes in the database's files (db/scrub.ts). Each erased
 * visitor leaves a `contact.erased` event (ids only) so open inboxes and webhook receivers
 * drop them. Returns how many conversations went.
 */
export async function erase(deps: Pick<Deps, 'db' | 'bus' | 'config'>, e: Erasure, { scrub = true } = {}): Promise<number> {
  const needles = await mailNeedles(deps.db, e);
  const done = await commitAndPublish(deps, async (tx) => {
    const byVisitor = await deleteRows(tx, e);
    const logged: LoggedEvent[] = [...byVisitor].map(([visitorId, conversationIds]) =>
      appendEvent(tx, { siteId: e.siteId, visitorId: null, audience: 'agents' }, { type: 'contact.erased', visitorId, conversationIds }),
    );
    return { conversationIds: [...new Set([...e.conversationIds, ...[...byVisitor.values()].flat()])], logged };
  });
  const conversationIds = done?.conversationIds ?? [];
  await forgetRateLimitKeys(deps, [...e.visitorIds, ...conversationIds]);
  deleteOutboxMails(deps.config.PARLEY_OUTBOX_DIR, [...needles, ...conversationIds]);
  // A pass of many erasures (retention) scrubs once, at its end.
  if (scrub) await scrubDeleted(deps.db);
  return conversationIds.length;
}
