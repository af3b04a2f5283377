import { describe, expect, it } from 'vitest';
import { priority, sentiment, summarize } from './triage';

describe('triage', () => {
  it('scores sentiment from 1 (angry) to 5 (happy), 3 when neutral', () => {
    expect(sentiment(['where is my order'])).toBe(3);
    expect(sentiment(['thanks, that was great and helpful'])).toBeGreaterThanOrEqual(4);
    expect(sentiment(['this is terrible, awful, the worst, I am furious!!!'])).toBe(1);
  });

  it('makes fraud and theft urgent and an upset visitor high priority', () => {
    expect(priority(['my card was stolen'], 3, false)).toBe('urgent');
    expect(priority(['where is my order'], 2, false)).toBe('high');
    expect(priority(['where is my order'], 3, true)).toBe('high');
    expect(priority(['where is my order'], 3, false)).toBe('medium');
  });

  it('summarizes the bot part in a few lines, quoting the visitor', () => {
    const s = summarize(
      [
        { from: 'visitor', text: 'refund   please' },
        { from: 'bot', text: '…', kind: 'answer', articleTitle: 'Refunds', confidence: 0.91 },
        { from: 'visitor', text: 'x'.repeat(400) },
      ],
      'asked_for_person',
    );
    expect(s.split('\n')).toEqual([
      'Bot summary',
      '- Visitor: "refund please"',
      '- Bot answered with "Refunds" (confidence 0.91).',
      `- Visitor: "${'x'.repeat(159)}…"`,
      '- Handed over because the visitor asked for a person.',
    ]);
  });
});
