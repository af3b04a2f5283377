import { eq } from 'drizzle-orm';
import type { Db } from '../db/store';
import type { ConversationRow } from '../db/rows';
import { messages } from '../db/tables';
import { ApiError } from '../http/errors';

/** WhatsApp takes free-form messages only this long after the customer's last one; past it, only approved templates. */
export const WINDOW_MS = 24 * 60 * 60 * 1000;

/** Until when a free-form message may go to a customer whose last message was at `lastAt`; null when it may not (never wrote, or past the window). */
export function openUntil(lastAt: Date | null | undefined, now = Date.now()): Date | null {
  const until = lastAt ? lastAt.getTime() + WINDOW_MS : 0;
  return until > now ? new Date(until) : null;
}

/** openUntil for this conversation's customer. */
export async function windowOpenUntil(db: Db, conversation: Pick<ConversationRow, 'lastVisitorMessageId'>): Promise<Date | null> {
  if (conversation.lastVisitorMessageId === null) return null;
  const [last] = await db.select({ at: messages.createdAt }).from(messages).where(eq(messages.id, conversation.lastVisitorMessageId)).limit(1);
  return openUntil(last?.at);
}

/** An agent's free-form reply to a WhatsApp conversation past its window: refused, saying what to do instead. */
export async function checkReplyWindow(db: Db, conversation: ConversationRow): Promise<void> {
  if (conversation.channel !== 'whatsapp' || (await windowOpenUntil(db, conversation))) return;
  throw new ApiError(409, 'window_closed', 'WhatsApp takes free-form replies only within 24 hours of the customer’s last message: send an approved template');
}
