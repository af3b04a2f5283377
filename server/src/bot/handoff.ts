import { eq } from 'drizzle-orm';
import type { ChangedBy } from '@parley/protocol';
import type { AppDeps } from '../app-deps';
import { changeConversation, postServerMessage } from '../conversations/commands';
import { conversations } from '../db/schema';
import { findArticle } from '../kb/articles';
import { botHistory } from './history';
import { botTexts } from './texts';
import { priority, sentiment, summarize } from './triage';

const byBot: ChangedBy = { type: 'bot', agentId: null };

export interface HandoffRequest {
  conversationId: string;
  /** Why: an intent from intents.ts, `visitor_request` ("Talk to a person"), `provider`. */
  reason: string;
  locale: string | null;
}

/**
 * Hands a conversation to the agents (SPEC §7 step 5): a private note for them with a
 * summary of the bot part, suggested category / priority / sentiment on the conversation,
 * status `queued` (if it is not already) and a system message the visitor sees. Returns
 * false when a person already has the conversation: then the bot stays out of it.
 *
 * The note is written first and the status change last, in one transaction with its
 * system message: if the process dies in between, the message is still unanswered in a
 * `bot` conversation and the restart does the handoff again.
 */
export function handOff(deps: Pick<AppDeps, 'db' | 'bus'>, req: HandoffRequest): boolean {
  const { db } = deps;
  const before = db.select().from(conversations).where(eq(conversations.id, req.conversationId)).get();
  if (!before || (before.status !== 'bot' && before.status !== 'queued')) return false;
  const { lines } = botHistory(db, req.conversationId);
  const visitorTexts = lines.filter((l) => l.from === 'visitor').map((l) => l.text);
  const mood = sentiment(visitorTexts);
  const lastSource = [...lines].reverse().find((l) => l.kind === 'answer' && l.sourceId)?.sourceId;
  const category = (lastSource && findArticle(db, before.siteId, lastSource)?.category) ?? before.category;

  postServerMessage(deps, { conversationId: req.conversationId, authorType: 'bot', internal: true, body: summarize(lines, req.reason), meta: { kind: 'handoff' } });
  changeConversation(
    deps,
    req.conversationId,
    { status: 'queued', category, sentiment: mood, priority: priority(visitorTexts, mood, req.reason === 'frustrated') },
    byBot,
    botTexts(req.locale).handoffSystem,
  );
  return true;
}
