import type { ChangedBy } from '@parley/protocol';
import type { AppDeps } from '../core/deps';
import { changeConversation, type AgentNote, type ConversationPatch } from '../conversations/commands';
import type { Db } from '../db/connection';
import { visitorTexts } from '../i18n/texts';
import { findArticle } from '../kb/articles';
import { conversationContext } from '../conversations/context';
import { stillTheBots } from './context';
import { botHistory } from './history';
import { priority, sentiment, summarize } from './triage';

const byBot: ChangedBy = { type: 'bot', agentId: null };

export interface HandoffRequest {
  conversationId: string;
  /** Why: an intent from intents.ts, `visitor_request` ("Talk to a person"), `email_reply`, `provider`. */
  reason: string;
  /** What the bot took the visitor to be asking about (`MessageMeta.intent`), kept on the agents' note. */
  intent?: string;
}

/**
 * What the agents get on a handoff: a summary of the bot part, and suggested category /
 * priority / sentiment; and the visitor's line, in their language as a bot turn picks it.
 */
export function handoffBriefing(db: Db, conversationId: string, reason: string, intent?: string) {
  const context = conversationContext(db, conversationId);
  const before = context?.conversation;
  const { lines } = botHistory(db, conversationId);
  const visitorSaid = lines.filter((l) => l.from === 'visitor').map((l) => l.text);
  const mood = sentiment(visitorSaid);
  const lastSource = [...lines].reverse().find((l) => l.kind === 'answer' && l.sourceId)?.sourceId;
  const category = (before && lastSource && findArticle(db, before.siteId, lastSource)?.category) || (before?.category ?? null);
  return {
    note: { authorType: 'bot', body: summarize(lines, reason), meta: { kind: 'handoff', ...(intent ? { intent } : {}) } } satisfies AgentNote,
    patch: { category, sentiment: mood, priority: priority(visitorSaid, mood, reason === 'frustrated') } satisfies ConversationPatch,
    systemMessage: { body: (context?.texts ?? visitorTexts()).bot.handoffSystem },
  };
}

/**
 * Hands a conversation to the agents (docs/spec.md §7 step 5): the briefing's private note, triage,
 * status `queued` and a system message the visitor sees, all in one
 * transaction, so a crash leaves either the whole handoff or none of it (then the message
 * is still unanswered in a `bot` conversation and the restart does the handoff). Returns
 * false unless the conversation is still the bot's: once it is queued or a person has it,
 * the bot stays out of it.
 */
export function handOff(deps: Pick<AppDeps, 'db' | 'bus' | 'config'>, req: HandoffRequest): boolean {
  if (!stillTheBots(deps.db, req.conversationId)) return false;
  const { patch, ...extras } = handoffBriefing(deps.db, req.conversationId, req.reason, req.intent);
  changeConversation(deps, req.conversationId, { ...patch, status: 'queued' }, byBot, extras);
  return true;
}
