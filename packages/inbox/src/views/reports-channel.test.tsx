import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { get } from '../api';
import type { Session } from '../session';
import { quietReport, showReports } from './reports.fixture';

vi.mock('../api', async (original) => ({ ...(await original<typeof import('../api')>()), get: vi.fn() }));

const session = { sites: { data: [{ id: 'site_1', name: 'Shop', publicKey: 'pk_1' }] } } as Session;

let root: HTMLElement;
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 0)));
const channelFilter = () => [...root.querySelectorAll('label')].find((l) => l.firstChild?.textContent === 'Channel')!.querySelector('select')!;
const csvLinks = () => [...root.querySelectorAll('a[download]')].map((a) => a.getAttribute('href'));
afterEach(() => act(() => render(null, root)));

describe('the reports by channel', () => {
  it('reports on every channel at first, then on the one picked, and so do all the CSV exports', async () => {
    root = await showReports(session, quietReport());
    expect([...channelFilter().options].map((o) => [o.value, o.textContent])).toEqual([
      ['', 'All'],
      ['widget', 'Widget'],
      ['whatsapp', 'WhatsApp'],
    ]);
    expect(vi.mocked(get)).toHaveBeenLastCalledWith('/reports?days=30');

    act(() => {
      channelFilter().value = 'whatsapp';
      channelFilter().dispatchEvent(new Event('change'));
    });
    await settle();
    expect(vi.mocked(get)).toHaveBeenLastCalledWith('/reports?days=30&channel=whatsapp');
    expect(csvLinks()).toEqual([
      '/v1/inbox/reports/days.csv?days=30&channel=whatsapp',
      '/v1/inbox/reports/agents.csv?days=30&channel=whatsapp',
      '/v1/inbox/reports/tickets.csv?days=30&channel=whatsapp',
    ]);
  });
});
