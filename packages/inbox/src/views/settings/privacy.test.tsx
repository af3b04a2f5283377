import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type RetentionPreview, SiteSettings } from '@parley/protocol';
import { get, patch } from '../../api';
import { SiteSettingsForm } from './site';
import { siteWith } from './site.fixture';

vi.mock('../../api', async (original) => ({ ...(await original<typeof import('../../api')>()), get: vi.fn(), patch: vi.fn() }));

const BEFORE = '2026-01-01T00:00:00.000Z';
const site = siteWith(SiteSettings.parse({ privacy: { retentionDays: 30, consent: { required: false, text: '', version: 2 } } }));
/** What each retention would erase now, as the server counts it. */
const previews: Record<string, RetentionPreview> = {
  '/sites/site_1/retention?days=30': { days: 30, before: BEFORE, conversations: 12, visitors: 1 },
  '/sites/site_1/retention?days=3650': { days: 3650, before: BEFORE, conversations: 0, visitors: 0 },
};

let root: HTMLElement;
const wait = (ms: number) => act(async () => void (await vi.advanceTimersByTimeAsync(ms)));
const fieldset = () => [...root.querySelectorAll('fieldset')].find((f) => f.querySelector('legend')?.textContent === 'Privacy')!;
const days = () => fieldset().querySelector<HTMLInputElement>('input[type=number]')!;
const consent = () => fieldset().querySelector<HTMLInputElement>('input[type=checkbox]')!;
const text = () => fieldset().querySelector('textarea')!;
const preview = () => fieldset().querySelector('[role=status]')?.textContent;
const previewsAsked = () => vi.mocked(get).mock.calls.filter(([path]) => path.includes('/retention')).length;
const type = (el: HTMLInputElement | HTMLTextAreaElement, value: string) =>
  act(() => {
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });

beforeEach(async () => {
  vi.useFakeTimers();
  vi.mocked(get).mockImplementation(async (path: string) => (path === '/sites/site_1' ? structuredClone(site) : previews[path]));
  vi.mocked(patch).mockReset();
  // In the document: happy-dom fires a checkbox's change event only there.
  root = document.body.appendChild(document.createElement('div'));
  act(() => render(<SiteSettingsForm siteId="site_1" />, root));
  await wait(0);
  await wait(0);
});
afterEach(() => {
  act(() => render(null, root));
  root.remove();
  vi.mocked(get).mockReset();
  vi.useRealTimers();
});

describe('the privacy settings of a site', () => {
  it('says at once what the saved retention erases now, and asks again only once typing pauses', async () => {
    const date = new Date(BEFORE).toLocaleDateString();
    expect(days().value).toBe('30');
    expect(preview()).toBe(`Now this erases 12 conversations resolved before ${date} and 1 visitor with no conversation left.`);

    type(days(), '365');
    type(days(), '3650');
    await wait(100);
    expect(previewsAsked()).toBe(1);
    await wait(400);
    await wait(0);
    expect(previewsAsked()).toBe(2);
    expect(preview()).toBe(`Now this erases nothing: no conversation was resolved before ${date}.`);
  });

  it('keeps everything when the days are emptied, and asks nothing then', async () => {
    vi.mocked(patch).mockResolvedValue(site);
    type(days(), '');
    await wait(500);
    expect(preview()).toBeUndefined();
    expect(previewsAsked()).toBe(1);
    act(() => void root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true })));
    await wait(0);
    expect(vi.mocked(patch).mock.calls[0]?.[1]).toMatchObject({ settings: { privacy: { retentionDays: null } } });
  });

  it('requires the consent text once consent is asked for, shows its version, and saves it with the site', async () => {
    vi.mocked(patch).mockImplementation(async () => ({ ...site, settings: { ...site.settings, privacy: { retentionDays: 30, consent: { required: true, text: 'We keep chats for 30 days.', version: 3 } } } }));
    expect(fieldset().textContent).toContain('Version 2.');
    expect(text().required).toBe(false);

    act(() => consent().click());
    expect(text().required).toBe(true);
    // So the browser keeps the form from being sent (asked of the field: happy-dom misjudges the bot's 0.05 steps).
    expect(text().validity.valueMissing).toBe(true);

    type(text(), 'We keep chats for 30 days.');
    expect(text().checkValidity()).toBe(true);
    act(() => void root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true })));
    await wait(0);
    expect(vi.mocked(patch).mock.calls[0]?.[1]).toMatchObject({
      settings: { privacy: { retentionDays: 30, consent: { required: true, text: 'We keep chats for 30 days.', version: 2 } } },
    });
    expect(fieldset().textContent).toContain('Version 3.');
  });
});
