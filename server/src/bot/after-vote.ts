import { and, eq, max } from 'drizzle-orm';
import type { Message } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { postServerMessage } from '../conversations/commands';
import { messages } from '../db/tables';
import { botTurnContext } from './context';
import { botHistory } from './history';
import { unhelpfulStreak } from './plan';

/**
 * After a "not helpful" vote on a bot answer: when that makes the site's `unhelpfulTurns`
 * unhelpful turns in a row, offer a person now rather than on the visitor's next message.
 * Safe to repeat (a second vote, a restart): it writes only while the judged answer is still
 * the conversation's latest message, and the offer then takes that place.
 */
export async function offerAfterVote(deps: Deps, messageId: number): Promise<Message | null> {
  const { db } = deps;
  const turn = await botTurnContext(db, messageId, 'bot');
  if (!turn || turn.message.meta.kind !== 'answer') return null;
  const { message, conversation, settings, texts } = turn;
  const latest = (
    await db
      .select({ id: max(messages.id) })
      .from(messages)
      .where(and(eq(messages.conversationId, conversation.id), eq(messages.internal, false)))
      .limit(1)
  )[0];
  if (latest?.id !== messageId) return null;
  if (unhelpfulStreak((await botHistory(db, conversation.id)).turns) < settings.bot.unhelpfulTurns) return null;
  return postServerMessage(deps, {
    conversationId: conversation.id,
    authorType: 'bot',
    body: texts.bot.offerAfterUnhelpful,
    // Carries the judged answer's question and intent: the offer is the bot's last word on it.
    meta: {
      kind: 'offer_handoff',
      offerHandoff: true,
      ...(message.meta.replyTo ? { replyTo: message.meta.replyTo } : {}),
      ...(message.meta.intent ? { intent: message.meta.intent } : {}),
    },
  });
}
