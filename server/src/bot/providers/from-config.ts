import type { BotProviderName } from '@parley/protocol';
import type { Config } from '../../config/config';
import { AnthropicProvider } from './anthropic';
import { FallbackProvider } from './fallback';
import { LocalProvider } from './local';
import type { BotProvider } from './provider';

/** The provider for a site's `bot.provider` setting. */
export type ProviderChoice = (setting: BotProviderName) => BotProvider;

/**
 * `anthropic` is Claude when a key is configured (falling back to `local` on any failure),
 * else `local`; `local` is always local. Built once: the SDK client is shared by every site.
 */
export function providersFor(config: Config): ProviderChoice {
  const local = new LocalProvider();
  if (!config.ANTHROPIC_API_KEY) return () => local;
  const claude = new FallbackProvider(
    new AnthropicProvider({
      apiKey: config.ANTHROPIC_API_KEY,
      model: config.ANTHROPIC_MODEL,
      baseURL: config.ANTHROPIC_BASE_URL,
      timeoutMs: config.PARLEY_BOT_TIMEOUT_MS,
    }),
    local,
  );
  return (setting) => (setting === 'local' ? local : claude);
}
