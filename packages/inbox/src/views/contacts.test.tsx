import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Contact, ContactList } from '@parley/protocol';
import { get, patch } from '../api';
import { ContactsView } from './contacts';

vi.mock('../api', async (original) => ({ ...(await original<typeof import('../api')>()), get: vi.fn(), patch: vi.fn() }));

const contact = (id: string, over: Partial<Contact> = {}): Contact => ({
  id,
  siteId: 'site_1',
  userId: null,
  name: `Name ${id}`,
  email: `${id}@example.com`,
  phone: null,
  locale: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  lastSeenAt: null,
  pageUrl: null,
  pageSeenAt: null,
  browser: null,
  attributes: {},
  conversationCount: 1,
  ...over,
});
let root: HTMLElement;
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 0)));
const show = async (path: string) => {
  root = document.createElement('div');
  act(() => render(<ContactsView path={path} />, root));
  await settle();
};
const names = () => [...root.querySelectorAll('.contact-list a')].map((a) => a.textContent);
const click = (text: string) => act(() => [...root.querySelectorAll('button')].find((b) => b.textContent === text)!.click());
afterEach(() => act(() => render(null, root)));

describe('Contacts', () => {
  it('lists contacts, finds by what was typed, and loads more pages after the first', async () => {
    const pages: Record<string, ContactList> = {
      '/contacts?limit=50': { contacts: [contact('a'), contact('b')], nextBefore: 'c1' },
      '/contacts?limit=50&before=c1': { contacts: [contact('c')], nextBefore: null },
      '/contacts?limit=50&q=ada': { contacts: [contact('d', { name: 'Ada' })], nextBefore: null },
    };
    vi.mocked(get).mockImplementation(async (path: string) => pages[path]);
    await show('/contacts');
    expect(names()).toEqual(['Name a', 'Name b']);
    click('More');
    await settle();
    expect(names()).toEqual(['Name a', 'Name b', 'Name c']);
    expect([...root.querySelectorAll('button')].map((b) => b.textContent)).not.toContain('More');
    const form = root.querySelector('form[role=search]')!;
    act(() => {
      (form.querySelector('input') as HTMLInputElement).value = ' ada ';
      form.dispatchEvent(new Event('submit', { cancelable: true }));
    });
    await settle();
    expect(names()).toEqual(['Ada']);
  });

  it('corrects a contact, sending an emptied field as null', async () => {
    vi.mocked(get).mockResolvedValue(contact('a', { phone: '+1 555 0100', attributes: { plan: 'pro' } }));
    vi.mocked(patch).mockResolvedValue(contact('a'));
    await show('/contacts/a');
    expect(vi.mocked(get)).toHaveBeenCalledWith('/contacts/a');
    expect(root.textContent).toContain('plan');
    const form = root.querySelector('form')!;
    act(() => {
      (form.querySelector('input[name=name]') as HTMLInputElement).value = 'Ada Lovelace';
      (form.querySelector('input[name=phone]') as HTMLInputElement).value = '';
      form.dispatchEvent(new Event('submit', { cancelable: true }));
    });
    await settle();
    expect(vi.mocked(patch)).toHaveBeenCalledWith('/contacts/a', { name: 'Ada Lovelace', email: 'a@example.com', phone: null });
  });
});
