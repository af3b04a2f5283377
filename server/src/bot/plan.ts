// The pipeline's decision for one visitor message (docs/spec.md §7 steps 1–4), as a pure function
// of what retrieval found and how the conversation went so far. turn.ts carries it out.
import type { SiteSettings } from '@parley/protocol';
import type { HandoffIntent } from './intents';
import type { RankedArticle } from './kb-retriever';

export type Plan =
  | { kind: 'handoff'; reason: HandoffIntent }
  /** `offerHandoff`: answered, but the turns before were unhelpful, so a person is offered too. */
  | { kind: 'answer'; top: RankedArticle; related: RankedArticle[]; offerHandoff: boolean }
  | { kind: 'clarify'; options: RankedArticle[] }
  | { kind: 'offer_handoff'; reason: 'low_confidence' | 'unhelpful'; options: RankedArticle[] };

export interface PlanInput {
  intent: HandoffIntent | null;
  /** Retrieval candidates, best first (up to 4: the answer and 3 related). */
  ranked: readonly RankedArticle[];
  settings: SiteSettings['bot'];
  /** Unhelpful bot turns immediately before this one (see `unhelpfulStreak`). */
  unhelpfulBefore: number;
}

/** "Did you mean" shows this many chips; an answer suggests this many related articles. */
export const CHIPS = 3;

/** What the top candidate's confidence alone calls for, by the site's two thresholds. */
export type Decision = 'answer' | 'clarify' | 'handoff';

export function decide(confidence: number, answerThreshold: number, clarifyThreshold: number): Decision {
  if (confidence >= answerThreshold) return 'answer';
  if (confidence >= clarifyThreshold) return 'clarify';
  return 'handoff';
}

export function plan({ intent, ranked, settings, unhelpfulBefore }: PlanInput): Plan {
  if (intent) return { kind: 'handoff', reason: intent };
  const top = ranked[0];
  const decision = decide(top?.confidence ?? 0, settings.answerThreshold, settings.clarifyThreshold);
  // This turn would be one more unhelpful one: at the limit, offer a person instead.
  const tooManyUnhelpful = unhelpfulBefore + 1 >= settings.unhelpfulTurns;
  if (decision === 'answer' && top) {
    return { kind: 'answer', top, related: ranked.slice(1, 1 + CHIPS), offerHandoff: unhelpfulBefore >= settings.unhelpfulTurns };
  }
  const options = ranked.slice(0, CHIPS);
  if (tooManyUnhelpful) return { kind: 'offer_handoff', reason: 'unhelpful', options: decision === 'clarify' ? options : [] };
  if (decision === 'clarify') return { kind: 'clarify', options };
  return { kind: 'offer_handoff', reason: 'low_confidence', options: [] };
}

/** A past bot turn, as far as the streak is concerned. */
export interface PastTurn {
  kind: string | undefined;
  /** The visitor said "not helpful" to it. */
  notHelpful: boolean;
}

/**
 * How many of the latest bot turns, counting back from the newest, were unhelpful: anything
 * but an answer, or an answer the visitor marked "not helpful".
 */
export function unhelpfulStreak(turnsNewestFirst: readonly PastTurn[]): number {
  let n = 0;
  for (const t of turnsNewestFirst) {
    if (t.kind === 'answer' && !t.notHelpful) break;
    n++;
  }
  return n;
}
