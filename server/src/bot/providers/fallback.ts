import type { Answer, AnswerRequest, BotProvider } from './provider';

/**
 * Tries `primary`; on any error (HTTP failure, timeout, a refused reply) answers with
 * `fallback` instead, so the visitor always gets an answer or a person (docs/spec.md §7).
 */
export class FallbackProvider implements BotProvider {
  readonly name: string;
  constructor(
    private readonly primary: BotProvider,
    private readonly fallback: BotProvider,
    private readonly log: (message: string) => void = (m) => console.warn(m),
  ) {
    this.name = `${primary.name}+${fallback.name}`;
  }

  async answer(req: AnswerRequest): Promise<Answer> {
    try {
      return await this.primary.answer(req);
    } catch (err) {
      if (req.signal?.aborted) throw err;
      this.log(`[parley] bot provider ${this.primary.name} failed, answering with ${this.fallback.name}: ${err instanceof Error ? err.message : String(err)}`);
      return { ...(await this.fallback.answer(req)), localFallback: 'error' };
    }
  }
}
