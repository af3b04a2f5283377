import type { SiteSettings } from '@parley/protocol';
import type { SiteSectionProps } from './site-section';

/** When the bot answers, asks back or offers a person, and who writes its answers. */
export function BotSettings({ settings: s, set, anthropicConfigured }: SiteSectionProps & { anthropicConfigured: boolean }) {
  return (
    <fieldset>
      <legend>Bot</legend>
      <label>
        Answer when confidence is at least
        <input type="number" step="0.05" min={0} max={1} value={s.bot.answerThreshold} onInput={(e) => set((x) => ((x.bot.answerThreshold = Number(e.currentTarget.value)), x))} />
      </label>
      <label>
        Ask "Did you mean…" from
        <input type="number" step="0.05" min={0} max={1} value={s.bot.clarifyThreshold} onInput={(e) => set((x) => ((x.bot.clarifyThreshold = Number(e.currentTarget.value)), x))} />
      </label>
      <label>
        Offer a person after this many unhelpful turns
        <input type="number" min={1} max={10} value={s.bot.unhelpfulTurns} onInput={(e) => set((x) => ((x.bot.unhelpfulTurns = Number(e.currentTarget.value)), x))} />
      </label>
      <label>
        Answers and reply drafts written by
        {/* Without a key nothing but local can answer: show that, and keep the stored choice. */}
        <select
          value={anthropicConfigured ? s.bot.provider : 'local'}
          disabled={!anthropicConfigured}
          aria-describedby={anthropicConfigured ? undefined : 'provider-help'}
          onChange={(e) => set((x) => ((x.bot.provider = e.currentTarget.value as SiteSettings['bot']['provider']), x))}
        >
          <option value="anthropic">Claude (Anthropic), grounded on your articles</option>
          <option value="local">The matching article, as written (local)</option>
        </select>
      </label>
      {!anthropicConfigured && (
        <p class="muted" id="provider-help">
          Claude needs ANTHROPIC_API_KEY set on the server; until then the bot answers with the matching article.
        </p>
      )}
    </fieldset>
  );
}
