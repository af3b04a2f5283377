import { and, eq, max } from 'drizzle-orm';
import type { Message } from '@parley/protocol';
import type { AppDeps } from '../app-deps';
import { postServerMessage } from '../conversations/commands';
import { conversations, messages, visitors } from '../db/schema';
import { findSiteById, siteSettings } from '../sites/sites';
import { visitorTexts } from '../i18n/texts';
import { botHistory } from './history';
import { unhelpfulStreak } from './plan';

/**
 * After a "not helpful" vote on a bot answer: when that makes the site's `unhelpfulTurns`
 * unhelpful turns in a row, offer a person now rather than on the visitor's next message.
 * Safe to repeat (a second vote, a restart): it writes only while the judged answer is still
 * the conversation's latest message, and the offer then takes that place.
 */
export function offerAfterVote(deps: Pick<AppDeps, 'db' | 'bus'>, messageId: number): Message | null {
  const { db } = deps;
  const row = db
    .select({ message: messages, conversation: conversations, locale: visitors.locale })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
    .where(and(eq(messages.id, messageId), eq(messages.authorType, 'bot')))
    .get();
  if (!row || row.conversation.status !== 'bot' || row.message.meta.kind !== 'answer') return null;
  const latest = db
    .select({ id: max(messages.id) })
    .from(messages)
    .where(and(eq(messages.conversationId, row.conversation.id), eq(messages.internal, false)))
    .get();
  const site = findSiteById(db, row.conversation.siteId);
  if (latest?.id !== messageId || !site) return null;
  const settings = siteSettings(site);
  if (unhelpfulStreak(botHistory(db, row.conversation.id).turns) < settings.bot.unhelpfulTurns) return null;
  return postServerMessage(deps, {
    conversationId: row.conversation.id,
    authorType: 'bot',
    body: visitorTexts(row.locale, settings.locale).bot.offerAfterUnhelpful,
    meta: { kind: 'offer_handoff', offerHandoff: true, ...(row.message.meta.replyTo ? { replyTo: row.message.meta.replyTo } : {}) },
  });
}
