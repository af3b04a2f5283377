// One interface for every way the bot can phrase an answer (docs/spec.md §7 "Providers"); each
// implementation passes the shared contract suite in contract.ts.
import type { LocalFallback } from '@parley/protocol';

/** An article the answer may use: only the site's published articles retrieval returned. */
export interface GroundingArticle {
  id: string;
  title: string;
  body: string;
}

export interface AnswerRequest {
  /** The visitor's message being answered. Untrusted text. */
  question: string;
  /** Earlier messages of this conversation only, oldest first. Untrusted text. */
  history: readonly { from: 'visitor' | 'bot'; text: string }[];
  /** Best first; never empty. Article text is untrusted too (anyone with KB access wrote it). */
  articles: readonly GroundingArticle[];
  /** The visitor's language, when known (e.g. `es`). */
  locale: string;
  /** Receives the answer's text piece by piece as it is written (streamed providers only). */
  onDelta?: (text: string) => void;
  /** Aborted when the server stops or the answer is no longer wanted. */
  signal?: AbortSignal;
}

export interface Answer {
  text: string;
  /** Ids of the given articles the text relies on, best first; [] when none covers it. */
  citedIds: string[];
  /** The provider decided a person should take over (the `handoff_to_human` tool). */
  handoff: { reason: string } | null;
  /** Which provider wrote the text (after a fallback, the fallback's name). */
  provider: string;
  /** Set when a local answer stands in for Claude's: why (the budget, or Claude's failure). */
  localFallback?: LocalFallback;
}

export interface BotProvider {
  readonly name: string;
  answer(request: AnswerRequest): Promise<Answer>;
}
