import type { SiteSectionProps } from './site-section';

/** The site's public help center, in a new tab: the inbox stays where it was. */
export function HelpCenterLink({ publicKey }: { publicKey: string }) {
  return (
    <a href={`/help/${encodeURIComponent(publicKey)}/`} target="_blank" rel="noopener">
      View the help center<span class="sr-only"> (opens in a new tab)</span>
    </a>
  );
}

/** Whether search engines may list the help center, and what the widget's launcher opens first. */
export function HelpCenterSettings({ publicKey, settings: s, set }: SiteSectionProps & { publicKey: string }) {
  const { indexable, launcherOpens } = s.helpCenter;
  const opens = (value: typeof launcherOpens, text: string) => (
    <label class="inline">
      <input
        type="radio"
        name="help-center-launcher-opens"
        value={value}
        checked={launcherOpens === value}
        onChange={(e) => e.currentTarget.checked && set((x) => ((x.helpCenter.launcherOpens = value), x))}
      />{' '}
      {text}
    </label>
  );
  return (
    <fieldset>
      <legend>Help center</legend>
      <p>
        Your published articles, as public pages: <HelpCenterLink publicKey={publicKey} />
      </p>
      <label class="inline">
        <input type="checkbox" checked={indexable} aria-describedby="help-center-index-help" onChange={(e) => set((x) => ((x.helpCenter.indexable = e.currentTarget.checked), x))} /> Let
        search engines index the help center
      </label>
      <p class="muted" id="help-center-index-help">
        Unticked, its pages ask search engines to stay out and it has no sitemap.
      </p>
      <fieldset>
        <legend>The launcher opens</legend>
        {opens('chat', 'Chat')}
        {opens('help', 'Help (search and articles), unless a chat is under way')}
      </fieldset>
    </fieldset>
  );
}
