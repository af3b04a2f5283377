import type { SiteSectionProps } from './site-section';

/** How the widget looks and greets, and the site's name. */
export function LookAndTexts({ name, setName, settings: s, set }: SiteSectionProps & { name: string; setName: (name: string) => void }) {
  return (
    <fieldset>
      <legend>Look and texts</legend>
      <label>
        Site name
        <input value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        Colour
        <input type="color" value={s.theme.color} onInput={(e) => set((x) => ((x.theme.color = e.currentTarget.value), x))} />
      </label>
      <label>
        Position
        <select value={s.theme.position} onChange={(e) => set((x) => ((x.theme.position = e.currentTarget.value as 'left' | 'right'), x))}>
          <option value="right">Bottom right</option>
          <option value="left">Bottom left</option>
        </select>
      </label>
      <label>
        Title
        <input value={s.texts.title} maxLength={80} onInput={(e) => set((x) => ((x.texts.title = e.currentTarget.value), x))} />
      </label>
      <label>
        Greeting
        <textarea maxLength={500} value={s.texts.greeting} onInput={(e) => set((x) => ((x.texts.greeting = e.currentTarget.value), x))} />
      </label>
      <label>
        Privacy policy URL
        <input type="url" value={s.texts.privacyUrl ?? ''} onInput={(e) => set((x) => ((x.texts.privacyUrl = e.currentTarget.value || null), x))} />
      </label>
    </fieldset>
  );
}

/** Which contact fields the widget asks for before a chat. */
export function ContactFields({ settings: s, set }: SiteSectionProps) {
  return (
    <fieldset>
      <legend>Contact fields before the chat</legend>
      {(['name', 'email', 'phone'] as const).map((f) => (
        <label>
          {f}
          <select value={s.contactFields[f]} onChange={(e) => set((x) => ((x.contactFields[f] = e.currentTarget.value as 'hidden'), x))}>
            <option value="hidden">Hidden</option>
            <option value="optional">Optional</option>
            <option value="required">Required</option>
          </select>
        </label>
      ))}
    </fieldset>
  );
}
