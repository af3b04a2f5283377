import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SiteSettings, type UpdateSiteBody } from '@parley/protocol';
import { patch } from '../../api';
import { siteWith } from './site.fixture';
import { mountSiteForm, settle, type, unmountSiteForm } from './site-form.fixture';

vi.mock('../../api', async (original) => ({ ...(await original<typeof import('../../api')>()), get: vi.fn(), patch: vi.fn() }));

// The defaults: no categories, both the email prompt and the form offline, 7 and 14 days.
const site = siteWith(SiteSettings.parse({}));

let root: HTMLElement;
const fieldset = () => [...root.querySelectorAll('fieldset')].find((f) => f.querySelector('legend')?.textContent === 'Tickets')!;
const field = <T extends HTMLElement>(label: string) => [...fieldset().querySelectorAll('label')].find((l) => l.textContent?.trim().startsWith(label))!.querySelector<T>('input, textarea')!;
const offered = () => [...fieldset().querySelectorAll<HTMLInputElement>('input[type=radio]')].filter((r) => r.checked).map((r) => r.value);

beforeEach(async () => {
  root = await mountSiteForm(site);
});
afterEach(() => unmountSiteForm(root));

describe('the ticket settings of a site', () => {
  it('shows the saved choices', () => {
    expect(field<HTMLTextAreaElement>('Categories').value).toBe('');
    expect(offered()).toEqual(['both']);
    expect(field<HTMLInputElement>('Resolve tickets waiting on the customer after').value).toBe('7');
    expect(field<HTMLInputElement>('Close resolved tickets after').value).toBe('14');
  });

  it('saves the categories as typed lines, what is offered offline, and when tickets move on by themselves', async () => {
    vi.mocked(patch).mockResolvedValue(structuredClone(site));
    type(field('Categories'), ' Billing\n\nShipping \n');
    expect(field<HTMLTextAreaElement>('Categories').value).toBe(' Billing\n\nShipping \n');
    act(() => field<HTMLInputElement>('The "Send us a message" form').click());
    type(field('Resolve tickets waiting on the customer after'), '3');
    type(field('Close resolved tickets after'), '30');
    act(() => void root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true })));
    await settle();
    expect((vi.mocked(patch).mock.calls[0]![1] as UpdateSiteBody).settings!.tickets).toEqual({ categories: ['Billing', 'Shipping'], whenOffline: 'form', pendingDays: 3, closeDays: 30 });
  });
});
