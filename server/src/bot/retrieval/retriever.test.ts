import { describe, expect, it } from 'vitest';
import { syntheticFaq } from '../../../test/helpers/synthetic-faq';
import { DEFAULT_THRESHOLDS } from './thresholds';
import { buildRetriever, type FaqEntry } from './index';

const FAQ: FaqEntry[] = [
  {
    id: 'password',
    title: 'Reset your password',
    phrasings: ['I forgot my password', 'How do I change my password?', "I can't log in to my account", 'The password reset link does not work'],
  },
  {
    id: 'shipping',
    title: 'Shipping times',
    phrasings: ['How long does delivery take?', 'When will my order arrive?', 'Do you ship internationally?', 'Where is my parcel'],
  },
  {
    id: 'refund',
    title: 'Refunds and returns',
    phrasings: ['Can I get my money back?', 'How do I return an item?', 'What is your refund policy?', 'I want a refund for my order'],
  },
  {
    id: 'cancel',
    title: 'Cancel your subscription',
    phrasings: ['How do I cancel my plan?', 'Stop my subscription', 'I want to unsubscribe and stop paying', 'End my membership'],
  },
  {
    id: 'cancelacion',
    title: 'Cancelar la suscripción',
    phrasings: ['¿Cómo cancelo mi suscripción?', 'Quiero darme de baja', 'No quiero pagar más la suscripción'],
    locale: 'es',
  },
];

const retriever = buildRetriever(FAQ);

describe('buildRetriever / search', () => {
  it.each([
    ['i forgot my password', 'password'],
    ['my pasword reset email never works', 'password'],
    ['when does my order arrive', 'shipping'],
    ['how long is shipping to canada', 'shipping'],
    ['i would like my money back', 'refund'],
    ['please cancel my subscription', 'cancel'],
    ['quiero cancelar la suscripcion', 'cancelacion'],
  ])('ranks the obvious entry first for %j', (query, id) => {
    expect(retriever.search(query)[0]?.id).toBe(id);
  });

  it('returns at most `limit` candidates, best first, confidences in [0, 1]', () => {
    const res = retriever.search('refund my order', { limit: 4 });
    expect(res.length).toBeLessThanOrEqual(4);
    expect(res.length).toBeGreaterThan(1);
    for (let i = 1; i < res.length; i++) expect(res[i - 1]!.score).toBeGreaterThanOrEqual(res[i]!.score);
    for (const c of res) {
      expect(c.confidence).toBeGreaterThanOrEqual(0);
      expect(c.confidence).toBeLessThanOrEqual(1);
    }
    expect(retriever.search('refund my order', 1)).toHaveLength(1);
  });

  it('is confident on a near-verbatim phrasing and not on gibberish', () => {
    const sure = retriever.search('How do I cancel my plan?')[0];
    expect(sure?.id).toBe('cancel');
    expect(sure?.confidence ?? 0).toBeGreaterThanOrEqual(DEFAULT_THRESHOLDS.answerThreshold);
    for (const q of ['xqzv blorf wibble', 'zzzz qqqq', 'zzzz']) {
      const top = retriever.search(q)[0];
      expect(top?.confidence ?? 0).toBeLessThan(DEFAULT_THRESHOLDS.clarifyThreshold);
    }
  });

  it('is deterministic: same entries and query give the same output', () => {
    const again = buildRetriever(FAQ.map((e) => ({ ...e, phrasings: [...e.phrasings] })));
    for (const q of ['where is my parcel', 'money back please', 'log in problem']) {
      expect(again.search(q, 5)).toEqual(retriever.search(q, 5));
    }
  });

  it.each([
    [''],
    ['   '],
    ['?!?!...'],
    ['🙂🎉🔥'],
    ['"*NEAR( AND -:'],
    ['password'.repeat(1250)],
    ['\u0000\u200b\ud800'],
  ])('handles odd input %#', (query) => {
    const res = retriever.search(query);
    expect(Array.isArray(res)).toBe(true);
    for (const c of res) expect(Number.isFinite(c.confidence) && c.confidence >= 0 && c.confidence <= 1).toBe(true);
  });

  it('returns [] for input with nothing usable', () => {
    expect(retriever.search('')).toEqual([]);
    expect(retriever.search('🙂 ?!')).toEqual([]);
  });

  it('only ranks the allowed ids when given restrictTo (an FTS5 pre-filter)', () => {
    const res = retriever.search('cancel my order and refund', { limit: 5, restrictTo: ['refund', 'shipping'] });
    expect(res.map((c) => c.id).every((id) => id === 'refund' || id === 'shipping')).toBe(true);
  });

  it('copes with an empty FAQ and with entries lacking phrasings', () => {
    expect(buildRetriever([]).search('anything')).toEqual([]);
    const r = buildRetriever([{ id: 'a', title: 'Opening hours', phrasings: [] }, { id: 'b', title: '', phrasings: [''] }]);
    expect(r.search('what are your opening hours')[0]?.id).toBe('a');
  });

  // Build time is measured by the bench (server/bench/retriever.ts), never asserted here.
  it('builds a 150-entry FAQ with 10 phrasings each and finds an entry by one of its phrasings', () => {
    const big = syntheticFaq(150, 10);
    const r = buildRetriever(big);
    expect(r.search(big[7]!.phrasings[2]!)[0]?.id).toBe('e7');
  });
});
