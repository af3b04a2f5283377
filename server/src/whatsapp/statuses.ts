import { and, eq, inArray } from 'drizzle-orm';
import type { WhatsAppDelivery, WhatsAppStatus } from '@parley/protocol';
import type { Deps } from '../core/deps';
import type { Db } from '../db/store';
import type { WhatsAppChannelRow, WhatsAppMessageRow } from '../db/rows';
import { conversations, whatsappMessages } from '../db/tables';
import { appendEvent, commitAndPublish, type LoggedEvent } from '../realtime/event-log';
import { toWhatsAppDelivery } from '../conversations/inbox-transcript';

type Status = WhatsAppDelivery['status'];

/**
 * What each status may follow. Meta sends them at least once and in any order: `read` may come
 * before `delivered`, and a late `sent` after both. A status only ever moves a message forward,
 * and `failed` only one not yet delivered.
 */
const MAY_FOLLOW: Record<Status, Status[]> = {
  queued: [],
  sent: ['queued'],
  delivered: ['queued', 'sent'],
  read: ['queued', 'sent', 'delivered'],
  failed: ['queued', 'sent'],
};
const isStatus = (s: string): s is Status => s in MAY_FOLLOW;

/** The row's change, with its event for the agents' stream, in the caller's transaction. */
export function deliveryEvent(tx: Db, row: WhatsAppMessageRow, scope: { siteId: string; visitorId: string }): LoggedEvent {
  const event = { type: 'message.whatsapp' as const, conversationId: row.conversationId, messageId: row.messageId, delivery: toWhatsAppDelivery(row) };
  return appendEvent(tx, { ...scope, audience: 'agents' }, event);
}

/** A status Meta reported for a message sent from this channel (another channel's message is not touched). */
export async function applyStatus(deps: Deps, channel: WhatsAppChannelRow, s: WhatsAppStatus): Promise<void> {
  if (!isStatus(s.status) || s.status === 'queued') return;
  const status = s.status;
  const error = status === 'failed' ? (s.errors?.map((e) => e.message ?? e.title ?? `error ${e.code}`).join('; ') || 'failed').slice(0, 500) : null;
  await commitAndPublish(deps, async (tx) => {
    const ofChannel = tx.select({ id: conversations.id }).from(conversations).where(eq(conversations.whatsappChannelId, channel.id));
    const [row] = await tx
      .update(whatsappMessages)
      .set({ status, error, updatedAt: new Date(), nextAttemptAt: null })
      .where(and(eq(whatsappMessages.wamid, s.id), inArray(whatsappMessages.status, MAY_FOLLOW[status]), inArray(whatsappMessages.conversationId, ofChannel)))
      .returning();
    if (!row) return undefined;
    const [scope] = await tx.select({ siteId: conversations.siteId, visitorId: conversations.visitorId }).from(conversations).where(eq(conversations.id, row.conversationId));
    return { logged: [deliveryEvent(tx, row, scope!)] };
  });
}
