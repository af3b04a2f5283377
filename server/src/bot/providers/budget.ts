import { sql } from 'drizzle-orm';
import type { LocalFallback } from '@parley/protocol';
import type { Db } from '../../db/store';
import { providerUsage } from '../../db/tables';
import type { Answer, AnswerRequest, BotProvider } from './provider';

export interface ClaudeLimits {
  /** Calls per site and UTC day (PARLEY_CLAUDE_DAILY_CALLS_PER_SITE). */
  dailyCallsPerSite: number;
  /** Calls under way at once in this process (PARLEY_CLAUDE_MAX_CONCURRENT). */
  maxConcurrent: number;
}

/**
 * What Claude may cost: each site's calls per UTC day, counted in `provider_usage`, and the
 * calls under way in this process. Anyone can write to a site's bot, so both are bounded;
 * past either the answer is local, and says why. One budget per process, shared by the bot
 * and the agents' drafts.
 */
export class ClaudeBudget {
  #underWay = 0;

  constructor(
    private readonly db: Db,
    private readonly limits: ClaudeLimits,
  ) {}

  /** `claude` for `siteId` while the budget allows, else `local` with the reason on its answer. */
  provider(siteId: string, claude: BotProvider, local: BotProvider): BotProvider {
    return { name: claude.name, answer: (req) => this.#answer(siteId, claude, local, req) };
  }

  async #answer(siteId: string, claude: BotProvider, local: BotProvider, req: AnswerRequest): Promise<Answer> {
    // Decided before the first await: no other answer can slip in between the check and the count.
    const refused: LocalFallback | null = this.#underWay >= this.limits.maxConcurrent ? 'busy' : (await this.#spend(siteId)) ? null : 'daily_limit';
    if (refused) return { ...(await local.answer(req)), localFallback: refused };
    this.#underWay++;
    try {
      return await claude.answer(req);
    } finally {
      this.#underWay--;
    }
  }

  /**
   * Counts one call on the site's row for today, in one statement that only adds while under
   * the limit: no row comes back once the day's calls are spent. A call counts whether or not
   * Claude then answers (it was made, and billed).
   */
  async #spend(siteId: string): Promise<boolean> {
    const day = new Date().toISOString().slice(0, 10);
    const counted = (
      await this.db
        .insert(providerUsage)
        .values({ siteId, day, calls: 1 })
        .onConflictDoUpdate({
          target: [providerUsage.siteId, providerUsage.day],
          set: { calls: sql`${providerUsage.calls} + 1` },
          setWhere: sql`${providerUsage.calls} < ${this.limits.dailyCallsPerSite}`,
        })
        .returning({ calls: providerUsage.calls })
    )[0];
    return counted !== undefined;
  }
}
