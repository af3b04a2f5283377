import type { Priority, SiteSettings, SlaState } from '@parley/protocol';
import { addBusinessMinutes } from './business-hours';

/** A deadline this close counts as `due_soon`, so the queue can flag it before it breaks. */
const DUE_SOON_MS = 15 * 60_000;

/** Conversations without a triaged priority are held to the medium targets. */
export function slaDeadlines(settings: SiteSettings, priority: Priority | null, from: Date) {
  const target = settings.sla[priority ?? 'medium'];
  return {
    firstResponseDueAt: addBusinessMinutes(settings.businessHours, from, target.firstResponseMinutes),
    resolutionDueAt: addBusinessMinutes(settings.businessHours, from, target.resolutionMinutes),
  };
}

/** Where one deadline stands: met or breached once done, else ok / due soon / breached by now. */
export function slaState(due: Date | null, doneAt: Date | null, now: Date): SlaState {
  if (!due) return 'none';
  if (doneAt) return doneAt <= due ? 'met' : 'breached';
  if (now > due) return 'breached';
  return due.getTime() - now.getTime() <= DUE_SOON_MS ? 'due_soon' : 'ok';
}
