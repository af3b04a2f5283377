// What the agent sees first on a handed-off conversation (docs/spec.md §7): a short summary of the bot
// part, and suggested priority and sentiment (1 = angry … 5 = happy). Word lists, not a model:
// cheap, deterministic, explainable; the agent can change both.
import type { Priority } from '@parley/protocol';
import { fold } from './intents';

const NEGATIVE =
  /\b(angry|annoyed|furious|upset|frustrat\w*|terrible|awful|horrible|worst|useless|ridiculous|unacceptable|disappointed|hate|scam|never again|fed up|sick of|waste|broken|wrong|problem|issue|not working|doesn't work|doesnt work|can't|cannot|still|again|complain\w*|inutil|harto|horrible|pessimo|nul|marre|schlecht|nutzlos|arger|غاضب|سيء)\b/g;
const POSITIVE = /\b(thanks|thank you|great|perfect|awesome|love|helpful|appreciate|gracias|merci|danke|obrigad[oa]|شكرا)\b/g;
const URGENT =
  /\b(urgent|urgently|emergency|asap|immediately|right now|fraud\w*|stolen|hacked|unauthori[sz]ed|compromised|scam|lawyer|legal action|chargeback|locked out|urgente|fraude|robad[oa]|vole|gestohlen|betrug|dringend|roubad[oa]|عاجل|احتيال|سرقة)\b/;

/** 1 (very negative) … 5 (very positive), 3 when nothing stands out. */
export function sentiment(visitorTexts: readonly string[]): number {
  const text = fold(visitorTexts.join('\n'));
  const neg = text.match(NEGATIVE)?.length ?? 0;
  const pos = text.match(POSITIVE)?.length ?? 0;
  const shouting = (visitorTexts.join('').match(/!/g)?.length ?? 0) >= 3 ? 1 : 0;
  const score = pos - neg - shouting;
  return Math.max(1, Math.min(5, 3 + Math.sign(score) * Math.min(2, Math.ceil(Math.abs(score) / 2))));
}


/** Urgent words (fraud, stolen, emergency…) → urgent; an upset or frustrated visitor → high. */
export function priority(visitorTexts: readonly string[], mood: number, frustrated: boolean): Priority {
  if (URGENT.test(fold(visitorTexts.join('\n')))) return 'urgent';
  if (frustrated || mood <= 2) return 'high';
  return 'medium';
}

export interface TranscriptLine {
  from: 'visitor' | 'bot';
  text: string;
  /** For bot lines: what the bot did and with which article. */
  kind?: string;
  articleTitle?: string;
  sourceId?: string;
  confidence?: number;
}

const clip = (s: string, n: number) => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
};

const REASONS: Record<string, string> = {
  asked_for_person: 'the visitor asked for a person',
  frustrated: 'the visitor seemed frustrated with the bot',
  visitor_request: 'the visitor pressed "Talk to a person"',
  email_reply: 'the visitor wrote by email, where the bot does not answer',
  provider: 'the AI model judged a person should take over',
};

/**
 * A few lines for the agent: what the visitor asked, what the bot tried, why it handed over.
 * At most the last 6 exchanges; visitor text is quoted and clipped, never interpreted.
 */
export function summarize(lines: readonly TranscriptLine[], reason: string): string {
  const out: string[] = [];
  for (const l of lines.slice(-12)) {
    if (l.from === 'visitor') out.push(`Visitor: "${clip(l.text, 160)}"`);
    else if (l.kind === 'answer') out.push(`Bot answered with "${l.articleTitle ?? '?'}"${l.confidence !== undefined ? ` (confidence ${l.confidence.toFixed(2)})` : ''}.`);
    else if (l.kind === 'clarify') out.push('Bot asked "Did you mean…" with suggestions.');
    else if (l.kind === 'offer_handoff') out.push('Bot found no good answer and offered a person.');
  }
  out.push(`Handed over because ${REASONS[reason] ?? reason}.`);
  return `Bot summary\n${out.map((l) => `- ${l}`).join('\n')}`;
}
