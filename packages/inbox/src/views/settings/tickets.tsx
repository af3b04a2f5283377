import { useState } from 'preact/hooks';
import type { SiteSettings } from '@parley/protocol';
import type { SiteSectionProps } from './site-section';

type WhenOffline = SiteSettings['tickets']['whenOffline'];
type Days = 'pendingDays' | 'closeDays';

const OFFERS: Array<[WhenOffline, string]> = [
  ['email', 'The email prompt (a reply comes by email)'],
  ['form', 'The "Send us a message" form'],
  ['both', 'Both'],
];

/**
 * Tickets on this site: the categories the widget's "Send us a message" form offers, what the
 * widget offers when nobody is online, and when tickets move on by themselves.
 */
export function TicketSettings({ settings: s, set }: SiteSectionProps) {
  // Edited as lines: kept as typed (blank lines too, while typing), saved as the non-blank ones.
  const [categories, setCategories] = useState(s.tickets.categories.join('\n'));
  const days = (key: Days, label: string) => (
    <label>
      {label}
      <input type="number" min={1} max={365} required value={s.tickets[key]} onInput={(e) => set((x) => ((x.tickets[key] = e.currentTarget.valueAsNumber), x))} />
    </label>
  );
  return (
    <fieldset>
      <legend>Tickets</legend>
      <label>
        Categories, one per line
        <textarea
          value={categories}
          aria-describedby="ticket-categories-help"
          onInput={(e) => {
            const text = e.currentTarget.value;
            setCategories(text);
            set((x) => ((x.tickets.categories = text.split('\n').map((c) => c.trim()).filter(Boolean)), x));
          }}
        />
      </label>
      <p class="muted" id="ticket-categories-help">
        The visitor picks one when sending a request; with none, the form asks for no category.
      </p>
      <fieldset>
        <legend>When nobody is online, offer</legend>
        {OFFERS.map(([value, text]) => (
          <label class="inline">
            <input
              type="radio"
              name="tickets-when-offline"
              value={value}
              checked={s.tickets.whenOffline === value}
              onChange={(e) => e.currentTarget.checked && set((x) => ((x.tickets.whenOffline = value), x))}
            />{' '}
            {text}
          </label>
        ))}
      </fieldset>
      {days('pendingDays', 'Resolve tickets waiting on the customer after (days)')}
      {days('closeDays', 'Close resolved tickets after (days)')}
    </fieldset>
  );
}
