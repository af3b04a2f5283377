// Default bot thresholds on the top candidate's calibrated confidence (site settings may
// override them). Chosen on the dev splits by server/tools/retrieval/tune.ts --grid; see
// docs/eval.md#thresholds-how-they-were-chosen for the rule used.
export interface BotThresholds {
  /** confidence ≥ this → answer with the top entry. */
  answerThreshold: number;
  /** confidence ≥ this (and < answerThreshold) → "Did you mean" with the top 3; below → handoff. */
  clarifyThreshold: number;
}

export const DEFAULT_THRESHOLDS: BotThresholds = { answerThreshold: 0.75, clarifyThreshold: 0.33 };
