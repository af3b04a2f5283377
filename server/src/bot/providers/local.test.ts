import { describe, expect, it } from 'vitest';
import { runProviderContract } from './provider.contract';
import { LocalProvider } from './local';

runProviderContract('local', async () => ({ provider: new LocalProvider() }));

describe('LocalProvider', () => {
  it('answers with the article body, or its title when the body is empty, deterministically', async () => {
    const p = new LocalProvider();
    const req = { question: 'q', history: [], locale: 'en', articles: [{ id: 'a', title: 'Opening hours', body: '' }] };
    expect(await p.answer(req)).toEqual({ text: 'Opening hours', citedIds: ['a'], handoff: null, provider: 'local' });
    expect(await p.answer(req)).toEqual(await p.answer(req));
  });
});
