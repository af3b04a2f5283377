import type { Answer, AnswerRequest, BotProvider } from './provider';

/**
 * The default provider: no key, no network, deterministic. It answers with the best
 * article itself — the owner's own words, so it can never say something the FAQ does not.
 */
export class LocalProvider implements BotProvider {
  readonly name = 'local';

  answer({ articles }: AnswerRequest): Promise<Answer> {
    const best = articles[0];
    if (!best) return Promise.resolve({ text: '', citedIds: [], handoff: null, provider: this.name });
    const text = best.body.trim() || best.title;
    return Promise.resolve({ text, citedIds: [best.id], handoff: null, provider: this.name });
  }
}
