import type { BotProviderName } from '@parley/protocol';
import type { Config } from '../../config/config';
import type { Db } from '../../db/store';
import { AnthropicProvider } from './anthropic';
import { ClaudeBudget } from './budget';
import { FallbackProvider } from './fallback';
import { LocalProvider } from './local';
import type { BotProvider } from './provider';

/** The site a provider answers for: its `bot.provider` setting, and whose Claude budget it spends. */
export interface ProviderSite {
  id: string;
  provider: BotProviderName;
}

/** The provider for a site. */
export type ProviderChoice = (site: ProviderSite) => BotProvider;

/**
 * `anthropic` is Claude when a key is configured (falling back to `local` on any failure,
 * and past the site's daily budget or the process's concurrency cap), else `local`; `local`
 * is always local. Built once: the SDK client and the budget are shared by every site.
 */
export function providersFor(config: Config, db: Db): ProviderChoice {
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
  const budget = new ClaudeBudget(db, { dailyCallsPerSite: config.PARLEY_CLAUDE_DAILY_CALLS_PER_SITE, maxConcurrent: config.PARLEY_CLAUDE_MAX_CONCURRENT });
  return (site) => (site.provider === 'local' ? local : budget.provider(site.id, claude, local));
}
