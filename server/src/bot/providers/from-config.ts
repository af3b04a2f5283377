import type { Config } from '../../config/config';
import { AnthropicProvider } from './anthropic';
import { FallbackProvider } from './fallback';
import { LocalProvider } from './local';
import type { BotProvider } from './provider';

/** `anthropic` when a key is configured (falling back to `local` on any failure), else `local`. */
export function providerFor(config: Config): BotProvider {
  const local = new LocalProvider();
  if (!config.ANTHROPIC_API_KEY) return local;
  const claude = new AnthropicProvider({
    apiKey: config.ANTHROPIC_API_KEY,
    model: config.ANTHROPIC_MODEL,
    baseURL: config.ANTHROPIC_BASE_URL,
    timeoutMs: config.PARLEY_BOT_TIMEOUT_MS,
  });
  return new FallbackProvider(claude, local);
}
