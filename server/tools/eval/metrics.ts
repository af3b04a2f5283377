// Pure scoring of FAQ-lookup outcomes. Shared by the retrieval tuning script and by
// `pnpm eval:faq` (which runs queries through the real KB + bot pipeline).
//
// Per query you give the expected entry id (null = nothing in the FAQ answers it, the right
// move is a hand-off), the ranked candidate ids, and the bot's decision:
//   answer  — replied with ranked[0]
//   clarify — "Did you mean …" with the first 3 ranked ids as chips
//   handoff — offered a person
// Definitions (docs/eval.md):
//   top1 / top3 / mrr   over queries with an expected id, from the ranking alone
//   inScopeAccuracy     over queries with an expected id: answered with it, or clarified with
//                       it among the 3 chips
//   handoffRecall       over expected:null queries: share sent to handoff
//   handoffPrecision    of all handoffs: share whose expected is null
// An empty group (e.g. no handoffs at all) gives 0, never NaN; the counts are reported too.
import { CHIPS, type Decision } from '../../src/bot/plan';

export type { Decision };

export interface QueryOutcome {
  expected: string | null;
  ranked: readonly string[];
  decision: Decision;
}

export interface FaqMetrics {
  n: number;
  nInScope: number;
  nOutOfScope: number;
  top1: number;
  top3: number;
  mrr: number;
  inScopeAccuracy: number;
  handoffRecall: number;
  handoffPrecision: number;
  handoffs: number;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

export function computeMetrics(outcomes: readonly QueryOutcome[]): FaqMetrics {
  let nIn = 0;
  let nOut = 0;
  let top1 = 0;
  let top3 = 0;
  let rr = 0;
  let inOk = 0;
  let handoffs = 0;
  let handoffsOut = 0;
  for (const o of outcomes) {
    if (o.decision === 'handoff') handoffs++;
    if (o.expected === null) {
      nOut++;
      if (o.decision === 'handoff') handoffsOut++;
      continue;
    }
    nIn++;
    const rank = o.ranked.indexOf(o.expected);
    if (rank === 0) top1++;
    if (rank >= 0 && rank < 3) top3++;
    if (rank >= 0) rr += 1 / (rank + 1);
    if (o.decision === 'answer' && rank === 0) inOk++;
    if (o.decision === 'clarify' && rank >= 0 && rank < CHIPS) inOk++;
  }
  return {
    n: outcomes.length,
    nInScope: nIn,
    nOutOfScope: nOut,
    top1: ratio(top1, nIn),
    top3: ratio(top3, nIn),
    mrr: ratio(rr, nIn),
    inScopeAccuracy: ratio(inOk, nIn),
    handoffRecall: ratio(handoffsOut, nOut),
    handoffPrecision: ratio(handoffsOut, handoffs),
    handoffs,
  };
}
