import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditEntry, AuditPage } from '@parley/protocol';
import { get } from '../../api';
import { AuditLog } from './audit';

vi.mock('../../api', async (original) => ({
  ...(await original<typeof import('../../api')>()),
  get: vi.fn((path: string) => new Promise((resolve) => asked.push({ path, resolve }))),
}));

/** Each GET the view makes, answered by the test when it likes. */
let asked: Array<{ path: string; resolve: (page: AuditPage) => void }>;
let root: HTMLElement;

const entry = (id: number, over: Partial<AuditEntry> = {}): AuditEntry => ({
  id,
  action: 'site.update',
  agent: { id: 'a1', name: 'Ada' },
  target: 'site_1',
  details: { fields: ['settings.theme.color', 'settings.texts.greeting'] },
  createdAt: '2026-01-01T00:00:00.000Z',
  ...over,
});
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 0)));
const answer = async (i: number, page: AuditPage) => {
  asked[i]!.resolve(page);
  await settle();
};
const rows = () => [...root.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].slice(1).map((td) => td.textContent));
const choose = (value: string) =>
  act(() => {
    const select = root.querySelector('select')!;
    select.value = value;
    select.dispatchEvent(new Event('change'));
  });
const clickOlder = () => act(() => [...root.querySelectorAll('button')].find((b) => b.textContent === 'Older entries')!.click());

beforeEach(async () => {
  asked = [];
  vi.mocked(get).mockClear();
  root = document.createElement('div');
  act(() => render(<AuditLog />, root));
  await settle();
});
afterEach(() => act(() => render(null, root)));

describe('the audit log page', () => {
  it('shows who did what, on what, with the fields that changed, and pages to older entries', async () => {
    expect(asked.map((a) => a.path)).toEqual(['/audit?limit=50']);
    await answer(0, { entries: [entry(9), entry(8, { action: 'auth.login_failed', agent: null, target: 'ag_2', details: { reason: 'password', ip: '203.0.113.7' } })], nextBefore: 8 });
    expect(rows()).toEqual([
      ['Ada', 'Site settings', 'site_1', 'fields: settings.theme.color, settings.texts.greeting'],
      ['—', 'Failed sign-ins', 'ag_2', 'reason: password · ip: 203.0.113.7'],
    ]);
    clickOlder();
    expect(asked[1]!.path).toBe('/audit?limit=50&before=8');
    await answer(1, { entries: [entry(3, { action: 'canned.delete', details: { shortcut: 'refund' } })], nextBefore: null });
    expect(rows().map((r) => r[1])).toEqual(['Site settings', 'Failed sign-ins', 'Canned responses deleted']);
    expect(root.textContent).not.toContain('Older entries');
  });

  it('asks the server for one action at a time, and drops an older page that comes back after the filter changed', async () => {
    await answer(0, { entries: [entry(9)], nextBefore: 9 });
    clickOlder();
    choose('auth.login');
    expect(asked[2]!.path).toBe('/audit?limit=50&action=auth.login');
    await answer(2, { entries: [entry(7, { action: 'auth.login', details: { ip: '127.0.0.1' } })], nextBefore: null });
    await answer(1, { entries: [entry(2)], nextBefore: null });
    expect(rows().map((r) => r[1])).toEqual(['Sign-ins']);
  });
});
