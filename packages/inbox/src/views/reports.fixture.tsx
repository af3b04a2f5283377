import { render } from 'preact';
import { act } from 'preact/test-utils';
import { vi } from 'vitest';
import type { Report } from '@parley/protocol';
import { get } from '../api';
import { type Session, SessionContext } from '../session';
import { ReportsView } from './reports';

/** A report of a period where nothing happened, for the reports' tests to fill in the part each is about. */
export const quietReport = (): Report => ({
  from: '2026-01-01T00:00:00.000Z',
  to: '2026-01-31T00:00:00.000Z',
  days: [],
  totals: {
    conversations: 0,
    botResolutionRate: null,
    handoffRate: null,
    medianFirstResponseSeconds: null,
    medianResolutionSeconds: null,
    csat: { average: null, ratings: 0, satisfiedRate: null },
    slaBreaches: { firstResponse: 0, resolution: 0 },
  },
  agents: [],
  selfService: { sessions: 0, escalated: 0, deflectionRate: null, searches: 0, searchesWithoutResult: 0, articleViews: 0, articles: [] },
  tickets: { created: 0, resolved: 0, medianFirstResponseSeconds: null, medianResolutionSeconds: null, reopenRate: null, days: [], byCategory: [], byPriority: [] },
});

/** The reports page for `session` on `report` (`get` is mocked by the calling test); unmount with `render(null, root)`. */
export async function showReports(session: Session, report: Report): Promise<HTMLElement> {
  vi.mocked(get).mockResolvedValue(report);
  const root = document.createElement('div');
  act(() =>
    render(
      <SessionContext.Provider value={session}>
        <ReportsView />
      </SessionContext.Provider>,
      root,
    ),
  );
  await act(() => new Promise<void>((r) => setTimeout(r, 0)));
  return root;
}

/** The KPI tiles of a section, label → value. */
export const kpiTiles = (section: HTMLElement) => Object.fromEntries([...section.querySelectorAll('.kpi')].map((k) => [k.querySelector('dt')!.textContent, k.querySelector('dd')!.textContent]));
