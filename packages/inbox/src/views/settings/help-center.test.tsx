import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SiteSettings, type UpdateSiteBody } from '@parley/protocol';
import { patch } from '../../api';
import { siteWith } from './site.fixture';
import { mountSiteForm, settle, type, unmountSiteForm } from './site-form.fixture';

vi.mock('../../api', async (original) => ({ ...(await original<typeof import('../../api')>()), get: vi.fn(), patch: vi.fn() }));

// The defaults: indexable, the launcher opens the chat, and "Chat with us" leads to the first origin.
const site = siteWith(SiteSettings.parse({}));

let root: HTMLElement;
const fieldset = () => [...root.querySelectorAll('fieldset')].find((f) => f.querySelector('legend')?.textContent === 'Help center')!;
const input = (label: string) => [...fieldset().querySelectorAll('label')].find((l) => l.textContent?.trim().startsWith(label))!.querySelector('input')!;
const save = async () => {
  act(() => void root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true })));
  await settle();
};

beforeEach(async () => {
  root = await mountSiteForm(site);
});
afterEach(() => unmountSiteForm(root));

describe('the help center settings of a site', () => {
  it('shows the saved choices and where the help center is', () => {
    expect(input('Let search engines index the help center').checked).toBe(true);
    expect(input('Chat').checked).toBe(true);
    expect(input('Help').checked).toBe(false);
    expect(fieldset().querySelector('a')!.getAttribute('href')).toBe('/help/pk_1/');
    expect(input('Chat page').value).toBe('');
  });

  it('saves whether search engines may index it and what the launcher opens, with the site', async () => {
    const saved = structuredClone(site);
    saved.settings.helpCenter = { indexable: false, launcherOpens: 'help', chatUrl: 'https://shop.example/contact' };
    vi.mocked(patch).mockResolvedValue(saved);
    act(() => input('Let search engines index the help center').click());
    act(() => input('Help').click());
    expect(input('Chat').checked).toBe(false);
    type(input('Chat page'), 'https://shop.example/contact');
    await save();
    expect(vi.mocked(patch)).toHaveBeenCalledWith('/sites/site_1', expect.objectContaining({ settings: expect.objectContaining({ helpCenter: saved.settings.helpCenter }) }));
    expect(root.querySelector('form > [role=status]')?.textContent).toBe('Saved');
    expect(input('Chat page').value).toBe('https://shop.example/contact');
  });

  it('saves an emptied chat page as none, which means the first allowed origin', async () => {
    vi.mocked(patch).mockResolvedValue(structuredClone(site));
    type(input('Chat page'), 'https://shop.example/contact');
    type(input('Chat page'), '');
    await save();
    expect((vi.mocked(patch).mock.calls[0]![1] as UpdateSiteBody).settings!.helpCenter.chatUrl).toBeNull();
    expect(fieldset().textContent).toContain('Leave it empty for the home page of your first allowed origin');
  });

  it('leaves a chat page that is not an address to the browser’s check of the form', () => {
    type(input('Chat page'), 'shop.example/contact');
    expect(input('Chat page').checkValidity()).toBe(false);
    type(input('Chat page'), 'https://shop.example/contact');
    expect(input('Chat page').checkValidity()).toBe(true);
  });
});
