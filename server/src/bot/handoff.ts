import type { ChangedBy } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { changeConversation, type AgentNote, type ConversationPatch } from '../conversations/change';
import type { Db } from '../db/store';
import type { ConversationRow } from '../db/rows';
import { visitorTexts } from '../i18n/texts';
import { findArticle } from '../kb/articles';
import { conversationContext } from '../conversations/context';
import { stillTheBots } from './context';
import { botHistory } from './history';
import { priority, sentiment, summarize } from './triage';

export interface HandoffRequest {
  /** Why: an intent from intents.ts, `visitor_request` ("Talk to a person"), `email_reply`, `provider`. */
  reason: string;
  /** The visitor asked (the widget's button, an emailed reply), or the bot decided. */
  by: ChangedBy;
  /** What the bot took the visitor to be asking about (`MessageMeta.intent`), kept on the agents' note. */
  intent?: string;
  /** More to change in the same write (an emailed reply also flags the email follow-up). */
  also?: ConversationPatch;
}

/**
 * What the agents get on a handoff: a summary of the bot part, and suggested category /
 * priority / sentiment; and the visitor's line, in their language as a bot turn picks it.
 */
async function handoffBriefing(db: Db, conversationId: string, reason: string, intent?: string) {
  const context = await conversationContext(db, conversationId);
  const before = context?.conversation;
  const { lines } = await botHistory(db, conversationId);
  const visitorSaid = lines.filter((l) => l.from === 'visitor').map((l) => l.text);
  const mood = sentiment(visitorSaid);
  const lastSource = [...lines].reverse().find((l) => l.kind === 'answer' && l.sourceId)?.sourceId;
  const category = (before && lastSource && (await findArticle(db, before.siteId, lastSource))?.category) || (before?.category ?? null);
  return {
    note: { authorType: 'bot', body: summarize(lines, reason), meta: { kind: 'handoff', ...(intent ? { intent } : {}) } } satisfies AgentNote,
    patch: { category, sentiment: mood, priority: priority(visitorSaid, mood, reason === 'frustrated') } satisfies ConversationPatch,
    systemMessage: { body: (context?.texts ?? visitorTexts()).bot.handoffSystem },
  };
}

/**
 * Hands a conversation to the agents (docs/spec.md §7 step 5): status `queued` with the
 * briefing's private note, triage and the visitor's line, all in one transaction, so a crash
 * leaves either the whole handoff or none of it (then the message is still unanswered in a
 * `bot` conversation and the restart does the handoff). With the bot off there is no bot part
 * to brief on: the conversation is only queued. Returns undefined unless the conversation is
 * still the bot's: once it is queued or a person has it, it stays as it is.
 */
export async function handOff(deps: Deps, conversationId: string, req: HandoffRequest): Promise<ConversationRow | undefined> {
  if (!(await stillTheBots(deps.db, conversationId))) return undefined;
  const { patch, ...extras } = deps.config.PARLEY_BOT === 'on' ? await handoffBriefing(deps.db, conversationId, req.reason, req.intent) : { patch: {} };
  return changeConversation(deps, conversationId, { ...req.also, ...patch, status: 'queued' }, req.by, extras);
}
