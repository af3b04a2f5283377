import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Report } from '@parley/protocol';
import { get } from '../api';
import type { Session } from '../session';
import { kpiTiles, quietReport, showReports } from './reports.fixture';

vi.mock('../api', async (original) => ({ ...(await original<typeof import('../api')>()), get: vi.fn() }));

// Two sites: the page offers the site picker, whose choice the CSV link follows.
const session = {
  sites: {
    data: [
      { id: 'site_1', name: 'Shop', publicKey: 'pk_1' },
      { id: 'site_2', name: 'Outlet', publicKey: 'pk_2' },
    ],
  },
} as Session;

let root: HTMLElement;
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 0)));
const show = async (tickets: Report['tickets']) => {
  root = await showReports(session, { ...quietReport(), tickets });
};
const section = () => root.querySelector<HTMLElement>('section[aria-labelledby="tickets-report-title"]')!;
const csv = () => [...section().querySelectorAll('a')].find((a) => a.textContent === 'Download CSV')!.getAttribute('href');
const tiles = () => kpiTiles(section());
/** Each table under its heading, as rows of cell texts. */
const tables = () =>
  Object.fromEntries([...section().querySelectorAll('table')].map((t) => [t.previousElementSibling!.textContent, [...t.querySelectorAll('tr')].map((tr) => [...tr.children].map((c) => c.textContent))]));
const choose = (label: string, value: string) =>
  act(() => {
    const select = [...root.querySelectorAll('label')].find((l) => l.firstChild?.textContent === label)!.querySelector('select')!;
    select.value = value;
    select.dispatchEvent(new Event('change'));
  });
afterEach(() => act(() => render(null, root)));

describe('the tickets section of the reports', () => {
  it('shows the totals, the tickets per day, by category and by priority', async () => {
    await show({
      created: 12,
      resolved: 9,
      medianFirstResponseSeconds: 1800,
      medianResolutionSeconds: 2 * 86_400,
      reopenRate: 1 / 9,
      days: [
        { date: '2026-01-30', created: 5, resolved: 4 },
        { date: '2026-01-31', created: 7, resolved: 5 },
      ],
      byCategory: [
        { category: 'Billing', created: 8, resolved: 6 },
        { category: null, created: 4, resolved: 3 },
      ],
      byPriority: [
        { priority: 'urgent', created: 2, resolved: 2 },
        { priority: null, created: 10, resolved: 7 },
      ],
    });
    expect(section().querySelector('h2')!.textContent).toBe('Tickets');
    expect(tiles()).toEqual({ Created: '12', Resolved: '9', 'Median first response': '30m', 'Median resolution': '48.0h', Reopened: '11%' });
    expect(tables()).toEqual({
      'Per day': [
        ['Date', 'Created', 'Resolved'],
        ['2026-01-30', '5', '4'],
        ['2026-01-31', '7', '5'],
      ],
      'By category': [
        ['Category', 'Created', 'Resolved'],
        ['Billing', '8', '6'],
        ['No category', '4', '3'],
      ],
      'By priority': [
        ['Priority', 'Created', 'Resolved'],
        ['urgent', '2', '2'],
        ['No priority', '10', '7'],
      ],
    });
  });

  it("links the CSV of the report's own period and site", async () => {
    await show(quietReport().tickets);
    expect(csv()).toBe('/v1/inbox/reports/tickets.csv?days=30');
    choose('Period', '7');
    choose('Site', 'site_2');
    await settle();
    expect(csv()).toBe('/v1/inbox/reports/tickets.csv?days=7&siteId=site_2');
    expect(vi.mocked(get)).toHaveBeenLastCalledWith('/reports?days=7&siteId=site_2');
  });

  it('says so when no ticket was made or resolved in the period, and still offers the CSV', async () => {
    await show(quietReport().tickets);
    expect(section().querySelector('.empty')!.textContent).toBe('No tickets made or resolved in this period.');
    expect(section().querySelector('dl, table')).toBeNull();
    expect(csv()).toBe('/v1/inbox/reports/tickets.csv?days=30');
  });
});
