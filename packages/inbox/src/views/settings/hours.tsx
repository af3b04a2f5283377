import type { Weekday } from '@parley/protocol';
import type { SiteSectionProps } from './site-section';

// Types only from protocol: a value import would pull zod into the inbox bundle.
const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** When agents answer live; outside these hours visitors are promised an email reply. */
export function BusinessHours({ settings: s, set }: SiteSectionProps) {
  return (
    <fieldset>
      <legend>Business hours</legend>
      <label class="inline">
        <input type="checkbox" checked={s.businessHours.enabled} onChange={(e) => set((x) => ((x.businessHours.enabled = e.currentTarget.checked), x))} /> Only
        answer live during these hours (outside them visitors are told the reply comes by email)
      </label>
      <label>
        Time zone
        <input value={s.businessHours.timezone} onInput={(e) => set((x) => ((x.businessHours.timezone = e.currentTarget.value), x))} />
      </label>
      <table class="hours">
        <tbody>
          {WEEKDAYS.map((d) => {
            const interval = s.businessHours.days[d][0];
            return (
              <tr>
                <th scope="row">{d}</th>
                <td>
                  <label class="inline">
                    <input
                      type="checkbox"
                      checked={!!interval}
                      onChange={(e) => set((x) => ((x.businessHours.days[d] = e.currentTarget.checked ? [{ from: '09:00', to: '17:00' }] : []), x))}
                    />{' '}
                    open
                  </label>
                </td>
                {interval && (
                  <>
                    <td>
                      <input aria-label={`${d} from`} type="time" value={interval.from} onInput={(e) => set((x) => ((x.businessHours.days[d][0]!.from = e.currentTarget.value), x))} />
                    </td>
                    <td>
                      <input aria-label={`${d} to`} type="time" value={interval.to} onInput={(e) => set((x) => ((x.businessHours.days[d][0]!.to = e.currentTarget.value), x))} />
                    </td>
                  </>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </fieldset>
  );
}

/** How soon each priority must get its first reply and its resolution, in business minutes. */
export function ResponseTargets({ settings: s, set }: SiteSectionProps) {
  return (
    <fieldset>
      <legend>Response targets (business minutes)</legend>
      <table>
        <thead>
          <tr>
            <th scope="col">Priority</th>
            <th scope="col">First reply</th>
            <th scope="col">Resolution</th>
          </tr>
        </thead>
        <tbody>
          {(['urgent', 'high', 'medium', 'low'] as const).map((p) => (
            <tr>
              <th scope="row">{p}</th>
              <td>
                <input aria-label={`${p} first reply minutes`} type="number" min={1} value={s.sla[p].firstResponseMinutes} onInput={(e) => set((x) => ((x.sla[p].firstResponseMinutes = Number(e.currentTarget.value)), x))} />
              </td>
              <td>
                <input aria-label={`${p} resolution minutes`} type="number" min={1} value={s.sla[p].resolutionMinutes} onInput={(e) => set((x) => ((x.sla[p].resolutionMinutes = Number(e.currentTarget.value)), x))} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </fieldset>
  );
}
