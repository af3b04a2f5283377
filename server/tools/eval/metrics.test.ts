import { describe, expect, it } from 'vitest';
import { computeMetrics, type QueryOutcome } from './metrics';

describe('computeMetrics', () => {
  const outcomes: QueryOutcome[] = [
    { expected: 'a', ranked: ['a', 'b', 'c'], decision: 'answer' }, // ok
    { expected: 'b', ranked: ['a', 'b', 'c'], decision: 'answer' }, // wrong answer
    { expected: 'c', ranked: ['a', 'b', 'c'], decision: 'clarify' }, // ok, chip 3
    { expected: 'd', ranked: ['a', 'b', 'c', 'd'], decision: 'clarify' }, // not among 3 chips
    { expected: 'a', ranked: ['a'], decision: 'handoff' }, // in-scope handed off
    { expected: null, ranked: ['a'], decision: 'handoff' }, // right handoff
    { expected: null, ranked: ['b'], decision: 'answer' }, // missed handoff
  ];
  const m = computeMetrics(outcomes);

  it('computes ranking metrics over in-scope queries only', () => {
    expect(m.n).toBe(7);
    expect(m.nInScope).toBe(5);
    expect(m.nOutOfScope).toBe(2);
    expect(m.top1).toBeCloseTo(2 / 5);
    expect(m.top3).toBeCloseTo(4 / 5);
    expect(m.mrr).toBeCloseTo((1 + 1 / 2 + 1 / 3 + 1 / 4 + 1) / 5);
  });

  it('computes decision metrics', () => {
    expect(m.inScopeAccuracy).toBeCloseTo(2 / 5);
    expect(m.handoffs).toBe(2);
    expect(m.handoffRecall).toBeCloseTo(1 / 2);
    expect(m.handoffPrecision).toBeCloseTo(1 / 2);
  });

  it('reports 0 rather than NaN for empty groups', () => {
    const e = computeMetrics([]);
    expect(e).toMatchObject({ n: 0, top1: 0, inScopeAccuracy: 0, handoffRecall: 0, handoffPrecision: 0 });
    const noOut = computeMetrics([{ expected: 'a', ranked: [], decision: 'handoff' }]);
    expect(noOut.top1).toBe(0);
    expect(noOut.mrr).toBe(0);
    expect(noOut.handoffPrecision).toBe(0);
  });
});
