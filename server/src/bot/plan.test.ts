import { describe, expect, it } from 'vitest';
import { SiteSettings } from '@parley/protocol';
import type { RankedArticle } from './kb-retriever';
import { decide, plan, unhelpfulStreak } from './plan';
import { DEFAULT_THRESHOLDS } from './retrieval';

const settings = SiteSettings.parse({}).bot;
const cand = (id: string, confidence: number) => ({ id, score: confidence, confidence, article: { id } }) as unknown as RankedArticle;

describe('plan', () => {
  it('uses the retrieval module\'s recommended thresholds as the site defaults', () => {
    expect({ answerThreshold: settings.answerThreshold, clarifyThreshold: settings.clarifyThreshold }).toEqual(DEFAULT_THRESHOLDS);
  });

  it('answers, clarifies or offers a person by the two thresholds', () => {
    const ranked = [cand('a', 0.9), cand('b', 0.05), cand('c', 0.02), cand('d', 0.01)];
    expect(plan({ intent: null, ranked, settings, unhelpfulBefore: 0 })).toMatchObject({ kind: 'answer', top: { id: 'a' }, related: [{ id: 'b' }, { id: 'c' }, { id: 'd' }] });
    expect(plan({ intent: null, ranked: [cand('a', 0.5), cand('b', 0.3)], settings, unhelpfulBefore: 0 })).toMatchObject({ kind: 'clarify', options: [{ id: 'a' }, { id: 'b' }] });
    expect(plan({ intent: null, ranked: [cand('a', 0.1)], settings, unhelpfulBefore: 0 })).toMatchObject({ kind: 'offer_handoff', reason: 'low_confidence' });
    expect(plan({ intent: null, ranked: [], settings, unhelpfulBefore: 0 })).toMatchObject({ kind: 'offer_handoff', reason: 'low_confidence' });
  });

  it('hands off on a handoff intent whatever retrieval says', () => {
    expect(plan({ intent: 'asked_for_person', ranked: [cand('a', 0.99)], settings, unhelpfulBefore: 0 })).toEqual({ kind: 'handoff', reason: 'asked_for_person' });
  });

  it('turns the second unhelpful turn in a row into an offer, keeping the chips', () => {
    const p = plan({ intent: null, ranked: [cand('a', 0.5)], settings, unhelpfulBefore: 1 });
    expect(p).toMatchObject({ kind: 'offer_handoff', reason: 'unhelpful', options: [{ id: 'a' }] });
    expect(plan({ intent: null, ranked: [cand('a', 0.9)], settings, unhelpfulBefore: 2 })).toMatchObject({ kind: 'answer', offerHandoff: true });
  });
});

describe('unhelpfulStreak', () => {
  it('counts back to the last answer the visitor did not reject', () => {
    expect(unhelpfulStreak([])).toBe(0);
    expect(unhelpfulStreak([{ kind: 'clarify', notHelpful: false }, { kind: 'answer', notHelpful: false }, { kind: 'clarify', notHelpful: false }])).toBe(1);
    expect(unhelpfulStreak([{ kind: 'answer', notHelpful: true }, { kind: 'offer_handoff', notHelpful: false }, { kind: 'answer', notHelpful: false }])).toBe(2);
  });
});

describe('decide', () => {
  it('answers, clarifies or hands off by the two thresholds (inclusive lower bounds)', () => {
    expect(decide(0.8, 0.6, 0.3)).toBe('answer');
    expect(decide(0.6, 0.6, 0.3)).toBe('answer');
    expect(decide(0.45, 0.6, 0.3)).toBe('clarify');
    expect(decide(0.3, 0.6, 0.3)).toBe('clarify');
    expect(decide(0.1, 0.6, 0.3)).toBe('handoff');
  });
});
