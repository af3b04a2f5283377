import { useRef } from 'preact/hooks';
import type { RetentionPreview } from '@parley/protocol';
import { get } from '../../api';
import { plural } from '../../format';
import { Loaded, useLoad } from '../../load';
import type { SiteSectionProps } from './site-section';

// The bounds of Privacy.retentionDays, kept here as numbers: a value import of the schema
// would pull zod into the inbox bundle.
const MIN_DAYS = 1;
const MAX_DAYS = 3650;
/** How long typing must pause before the preview asks the server again. */
const PREVIEW_DELAY_MS = 400;

const inRange = (days: number) => Number.isInteger(days) && days >= MIN_DAYS && days <= MAX_DAYS;

/** How long conversations are kept, with what that erases today; and the consent asked of visitors. */
export function PrivacySettings({ siteId, settings: s, set }: SiteSectionProps & { siteId: string }) {
  const { retentionDays, consent } = s.privacy;
  return (
    <fieldset>
      <legend>Privacy</legend>
      <label>
        Delete conversations after this many days
        <input
          type="number"
          min={MIN_DAYS}
          max={MAX_DAYS}
          step={1}
          placeholder="Keep forever"
          aria-describedby="retention-help"
          value={retentionDays ?? ''}
          onInput={(e) => set((x) => ((x.privacy.retentionDays = e.currentTarget.value === '' ? null : e.currentTarget.valueAsNumber), x))}
        />
      </label>
      <p class="muted" id="retention-help">
        Empty keeps them forever. Conversations resolved longer ago are erased on a schedule, with visitors who have none left.
      </p>
      <RetentionEffect siteId={siteId} days={retentionDays !== null && inRange(retentionDays) ? retentionDays : null} />
      <label class="inline">
        <input type="checkbox" checked={consent.required} onChange={(e) => set((x) => ((x.privacy.consent.required = e.currentTarget.checked), x))} /> Ask
        visitors for consent before their first message
      </label>
      <label>
        Consent text
        <textarea
          maxLength={1000}
          required={consent.required}
          aria-describedby="consent-version"
          value={consent.text}
          onInput={(e) => set((x) => ((x.privacy.consent.text = e.currentTarget.value), x))}
        />
      </label>
      <p class="muted" id="consent-version">
        Version {consent.version}. Saving a changed text makes it a new version, and every visitor is asked again.
      </p>
    </fieldset>
  );
}

/**
 * What the retention typed so far would erase if it ran now (nothing to say while there is
 * none): asked once the typing pauses, at once for the value the form opened with.
 */
function RetentionEffect({ siteId, days }: { siteId: string; days: number | null }) {
  const typed = useRef(false);
  const preview = useLoad(
    async (signal) => {
      if (days === null) return null;
      if (typed.current) {
        await new Promise((resolve) => setTimeout(resolve, PREVIEW_DELAY_MS));
        signal.throwIfAborted();
      }
      typed.current = true;
      return get<RetentionPreview>(`/sites/${siteId}/retention?days=${days}`);
    },
    [siteId, days],
  );
  return (
    <Loaded load={preview}>
      {(p) =>
        p && (
          <p role="status">
            {p.conversations === 0 && p.visitors === 0
              ? `Now this erases nothing: no conversation was resolved before ${new Date(p.before).toLocaleDateString()}.`
              : `Now this erases ${plural(p.conversations, 'conversation')} resolved before ${new Date(p.before).toLocaleDateString()} and ${plural(p.visitors, 'visitor')} with no conversation left.`}
          </p>
        )
      }
    </Loaded>
  );
}
