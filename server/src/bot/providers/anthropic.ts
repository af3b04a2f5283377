import type Anthropic from '@anthropic-ai/sdk';
import type { Answer, AnswerRequest, BotProvider } from './provider';
import { citations, HANDOFF_TOOL, LEAK_WINDOW, leaks, systemPrompt, userTurn } from './prompt';

export interface AnthropicOptions {
  apiKey: string;
  model: string;
  baseURL?: string;
  /** The whole answer, stream included, must finish within this. */
  timeoutMs: number;
  maxTokens?: number;
}

export class PromptLeakError extends Error {}

/**
 * Claude, grounded on the retrieved articles, streamed. Throws on any failure (HTTP error,
 * timeout, a reply that repeats its instructions): wrap it in FallbackProvider so the
 * visitor still gets an answer.
 */
export class AnthropicProvider implements BotProvider {
  readonly name = 'anthropic';
  /** Loaded with the first answer: the SDK is ~14 MB of every process's memory, and most installs run without a key. */
  #client: Promise<Anthropic> | undefined;

  constructor(private readonly o: AnthropicOptions) {}

  #sdk(): Promise<Anthropic> {
    const { o } = this;
    // No retries: a retry would cost the visitor more seconds than the local answer does.
    return (this.#client ??= import('@anthropic-ai/sdk').then(
      ({ default: Sdk }) => new Sdk({ apiKey: o.apiKey, baseURL: o.baseURL ?? null, timeout: o.timeoutMs, maxRetries: 0 }),
    ));
  }

  async answer(req: AnswerRequest): Promise<Answer> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new Error(`no complete answer within ${this.o.timeoutMs} ms`)), this.o.timeoutMs);
    const onOuterAbort = () => abort.abort(req.signal?.reason);
    req.signal?.addEventListener('abort', onOuterAbort, { once: true });
    try {
      const stream = (await this.#sdk()).messages.stream(
        {
          model: this.o.model,
          max_tokens: this.o.maxTokens ?? 800,
          system: systemPrompt(req.locale),
          tools: [HANDOFF_TOOL],
          messages: [{ role: 'user', content: userTurn(req) }],
        },
        { signal: abort.signal },
      );
      // Pieces go out LEAK_WINDOW characters behind the model, so that a reply repeating the
      // instructions is stopped before any part of them reaches the visitor.
      let text = '';
      let sent = 0;
      let leaked = false;
      stream.on('text', (delta) => {
        if (leaked) return;
        text += delta;
        if (leaks(text)) {
          leaked = true;
          stream.abort();
          return;
        }
        if (text.length - sent > LEAK_WINDOW) {
          req.onDelta?.(text.slice(sent, text.length - LEAK_WINDOW));
          sent = text.length - LEAK_WINDOW;
        }
      });
      const final = await stream.finalMessage().catch((err: unknown) => {
        if (leaked) throw new PromptLeakError('the reply repeated the system prompt');
        throw abort.signal.aborted && abort.signal.reason instanceof Error ? abort.signal.reason : err;
      });
      const full = final.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
      if (leaked || leaks(full)) throw new PromptLeakError('the reply repeated the system prompt');
      if (full.length > sent) req.onDelta?.(full.slice(sent));
      const tool = final.content.find((b) => b.type === 'tool_use' && b.name === HANDOFF_TOOL.name);
      const reason = tool && tool.type === 'tool_use' ? String((tool.input as { reason?: unknown }).reason ?? 'requested by the model') : null;
      const cited = citations(full, req.articles.map((a) => a.id));
      return { text: cited.text, citedIds: cited.ids, handoff: reason === null ? null : { reason }, provider: this.name };
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onOuterAbort);
    }
  }
}
