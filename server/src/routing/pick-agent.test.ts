import { describe, expect, it } from 'vitest';
import { pickAgent, type Candidate } from './pick-agent';

const agent = (id: string, over: Partial<Candidate> = {}): Candidate => ({
  id,
  languages: ['en'],
  skills: [],
  maxChats: 3,
  load: 0,
  lastAssignedAt: null,
  ...over,
});
const conv = { language: null, category: null };

describe('pickAgent', () => {
  it('skips agents at capacity and gives up when everyone is full', () => {
    expect(pickAgent([agent('a', { load: 3 }), agent('b', { load: 2 })], conv)?.id).toBe('b');
    expect(pickAgent([agent('a', { load: 3 }), agent('b', { maxChats: 1, load: 1 })], conv)).toBeUndefined();
  });

  it('prefers the language of the conversation over a lighter load', () => {
    const picked = pickAgent([agent('en'), agent('fr', { languages: ['fr', 'en'], load: 2 })], { language: 'fr-CA', category: null });
    expect(picked?.id).toBe('fr');
  });

  it('prefers the skill for the category after the language', () => {
    const list = [agent('plain'), agent('billing', { skills: ['billing'], load: 1 }), agent('de-billing', { languages: ['de'], skills: ['billing'] })];
    expect(pickAgent(list, { language: 'en', category: 'Billing' })?.id).toBe('billing');
  });

  it('then the least loaded, then the longest idle', () => {
    expect(pickAgent([agent('busy', { load: 2 }), agent('light', { load: 1 })], conv)?.id).toBe('light');
    const recent = agent('recent', { lastAssignedAt: new Date('2026-01-01T10:00:00Z') });
    const idle = agent('idle', { lastAssignedAt: new Date('2026-01-01T09:00:00Z') });
    expect(pickAgent([recent, idle], conv)?.id).toBe('idle');
    expect(pickAgent([recent, agent('never')], conv)?.id).toBe('never');
  });
});
