import type { SiteSectionProps } from './site-section';

/** The site's public help center, in a new tab: the inbox stays where it was. */
export function HelpCenterLink({ publicKey }: { publicKey: string }) {
  return (
    <a href={`/help/${encodeURIComponent(publicKey)}/`} target="_blank" rel="noopener">
      View the help center<span class="sr-only"> (opens in a new tab)</span>
    </a>
  );
}

/** Whether search engines may list the help center, what the widget's launcher opens first, and where "Chat with us" leads. */
export function HelpCenterSettings({ publicKey, settings: s, set }: SiteSectionProps & { publicKey: string }) {
  const { indexable, launcherOpens, chatUrl } = s.helpCenter;
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
      <label>
        Chat page
        <input
          type="url"
          maxLength={2000}
          value={chatUrl ?? ''}
          placeholder="https://example.com/contact"
          aria-describedby="help-center-chat-url-help"
          onInput={(e) => set((x) => ((x.helpCenter.chatUrl = e.currentTarget.value || null), x))}
        />
      </label>
      <p class="muted" id="help-center-chat-url-help">
        A page of your site with the chat on it: the help center's "Still need help? Chat with us" leads there, and the chat opens with the visitor's question.
        Leave it empty for the home page of your first allowed origin (the first one without a *).
      </p>
    </fieldset>
  );
}
