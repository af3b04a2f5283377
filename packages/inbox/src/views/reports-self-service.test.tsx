import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Report } from '@parley/protocol';
import type { Session } from '../session';
import { kpiTiles, quietReport, showReports } from './reports.fixture';

vi.mock('../api', async (original) => ({ ...(await original<typeof import('../api')>()), get: vi.fn() }));

const none: Report['selfService'] = quietReport().selfService;
const report = (selfService: Report['selfService']): Report => ({ ...quietReport(), selfService });
// A single site: the page shows no site picker.
const session = { sites: { data: [{ id: 'site_1', name: 'Shop', publicKey: 'pk_1' }] } } as Session;

let root: HTMLElement;
const show = async (selfService: Report['selfService']) => {
  root = await showReports(session, report(selfService));
  return root.querySelector<HTMLElement>('section[aria-labelledby="self-service-title"]')!;
};
const tiles = kpiTiles;
afterEach(() => act(() => render(null, root)));

describe('the self-service section of the reports', () => {
  it('shows the deflection with the counts it is made of, the searches, the reads and the most read articles', async () => {
    const section = await show({
      sessions: 50,
      escalated: 9,
      deflectionRate: 41 / 50,
      searches: 120,
      searchesWithoutResult: 14,
      articleViews: 300,
      articles: [
        { id: 'art_1', title: 'Refunds', views: 180, helpful: 40, notHelpful: 3 },
        { id: 'art_2', title: 'Shipping times', views: 120, helpful: 5, notHelpful: 11 },
      ],
    });
    expect(section.querySelector('h2')!.textContent).toBe('Self-service');
    expect(section.querySelector('[data-testid=deflection]')!.textContent).toBe('82% deflected — 41 of 50 help visits did not start a conversation.');
    expect(tiles(section)).toEqual({ 'Help visits': '50', 'Went on to chat': '9', Searches: '120', 'Searches without a result': '14', 'Article reads': '300' });
    const rows = [...section.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
    expect(rows).toEqual([
      ['Refunds', '180', '40', '3'],
      ['Shipping times', '120', '5', '11'],
    ]);
  });

  it('leaves out the deflection when there were only reads of articles opened directly', async () => {
    const section = await show({ ...none, articleViews: 4, articles: [{ id: 'art_1', title: 'Refunds', views: 4, helpful: 0, notHelpful: 0 }] });
    expect(section.querySelector('[data-testid=deflection]')).toBeNull();
    expect(tiles(section)['Article reads']).toBe('4');
  });

  it('says so when nobody used the help in the period', async () => {
    const section = await show(none);
    expect(section.querySelector('.empty')!.textContent).toBe("No visits to the help center or the widget's Help in this period.");
    expect(section.querySelector('dl, table')).toBeNull();
  });
});
