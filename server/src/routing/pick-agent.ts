/** What routing knows about an agent who could take a conversation. */
export interface Candidate {
  id: string;
  languages: readonly string[];
  skills: readonly string[];
  maxChats: number;
  /** Conversations assigned and not resolved. */
  load: number;
  lastAssignedAt: Date | null;
}

export interface Routable {
  language: string | null;
  category: string | null;
}

const primary = (tag: string) => tag.toLowerCase().split('-')[0]!;

/**
 * The agent a queued conversation goes to (docs/spec.md §8): among agents with a free slot, prefer
 * one who speaks its language, then one with the skill for its category, then the least
 * loaded, then the one idle longest (never assigned counts as idle forever).
 */
export function pickAgent(candidates: readonly Candidate[], c: Routable): Candidate | undefined {
  const lang = c.language ? primary(c.language) : null;
  const category = c.category?.toLowerCase() ?? null;
  const score = (a: Candidate) => [
    lang !== null && a.languages.some((l) => primary(l) === lang) ? 1 : 0,
    category !== null && a.skills.includes(category) ? 1 : 0,
    -a.load,
    -(a.lastAssignedAt?.getTime() ?? 0),
  ];
  let best: Candidate | undefined;
  let bestScore: number[] = [];
  for (const a of candidates) {
    if (a.load >= a.maxChats) continue;
    const s = score(a);
    const i = s.findIndex((v, k) => v !== bestScore[k]);
    if (!best || (i >= 0 && s[i]! > bestScore[i]!)) {
      best = a;
      bestScore = s;
    }
  }
  return best;
}
