import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Contact, ContactErased, ContactList, Me } from '@parley/protocol';
import { ApiError, del, get, patch } from '../api';
import { usePath } from '../router';
import { type Session, SessionContext } from '../session';
import { ContactsView } from './contacts';

vi.mock('../api', async (original) => ({ ...(await original<typeof import('../api')>()), get: vi.fn(), patch: vi.fn(), del: vi.fn() }));

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
const session = (isAdmin: boolean): Session => ({
  me: { role: isAdmin ? 'admin' : 'agent' } as Me,
  sites: { data: [], error: null, reload: () => Promise.resolve(), set: () => {} },
  isAdmin,
  setMe: () => {},
  logout: () => Promise.resolve(),
});
/** The page as the app shows it: at the address, so going back to the list is seen. */
function Routed() {
  return <ContactsView path={usePath()} />;
}
let root: HTMLElement;
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 0)));
const show = async (path: string, { isAdmin = true } = {}) => {
  history.replaceState(null, '', `/inbox${path}`);
  // In the document, so that where focus goes can be seen.
  root = document.body.appendChild(document.createElement('div'));
  act(() =>
    render(
      <SessionContext.Provider value={session(isAdmin)}>
        <Routed />
      </SessionContext.Provider>,
      root,
    ),
  );
  await settle();
};
const names = () => [...root.querySelectorAll('.contact-list a')].map((a) => a.textContent);
const button = (text: string) => [...root.querySelectorAll('button')].find((b) => b.textContent === text);
const click = (text: string) => act(() => button(text)!.click());
afterEach(() => {
  act(() => render(null, root));
  root.remove();
  vi.mocked(del).mockReset();
});

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

  describe('erasing', () => {
    const list: ContactList = { contacts: [contact('a'), contact('b')], nextBefore: null };
    const answer = async (path: string) => (path === '/contacts/a' ? contact('a', { conversationCount: 3 }) : list);
    const dialog = () => root.querySelector('[role=alertdialog]');

    it('erases a contact only once the warning is confirmed, then shows the list without them, saying so', async () => {
      vi.mocked(get).mockImplementation(answer);
      vi.mocked(del).mockResolvedValue({ visitorId: 'a', conversations: 3 } satisfies ContactErased);
      await show('/contacts/a');
      expect(root.querySelector('a[download]')?.getAttribute('href')).toBe('/v1/inbox/contacts/a/export');
      click('Erase contact…');
      expect(dialog()?.textContent).toContain('This permanently deletes this visitor, their 3 conversations, messages and notes. It cannot be undone.');
      expect(document.activeElement).toBe(button('Cancel'));
      expect(vi.mocked(del)).not.toHaveBeenCalled();
      click('Erase');
      await settle();
      expect(vi.mocked(del)).toHaveBeenCalledWith('/contacts/a');
      expect(location.pathname).toBe('/inbox/contacts');
      await settle();
      expect(root.querySelector('[role=status]')?.textContent).toBe('Contact erased, with 3 conversations');
      expect(names()).toEqual(['Name b']);
    });

    it('keeps the contact on Cancel or Escape, with focus back on the button', async () => {
      vi.mocked(get).mockImplementation(answer);
      await show('/contacts/a');
      click('Erase contact…');
      click('Cancel');
      expect(dialog()).toBeNull();
      expect(document.activeElement).toBe(button('Erase contact…'));
      click('Erase contact…');
      act(() => void document.activeElement!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
      expect(dialog()).toBeNull();
      expect(document.activeElement).toBe(button('Erase contact…'));
      expect(vi.mocked(del)).not.toHaveBeenCalled();
      expect(location.pathname).toBe('/inbox/contacts/a');
    });

    it("stays on the contact and says why when the server refuses", async () => {
      vi.mocked(get).mockImplementation(answer);
      vi.mocked(del).mockRejectedValue(new ApiError(403, 'forbidden', 'Only owners and admins can erase a contact'));
      await show('/contacts/a');
      click('Erase contact…');
      click('Erase');
      await settle();
      expect(root.querySelector('[role=alert]')?.textContent).toBe('Only owners and admins can erase a contact');
      expect(location.pathname).toBe('/inbox/contacts/a');
    });

    it('offers neither export nor erasure to an agent', async () => {
      vi.mocked(get).mockImplementation(answer);
      await show('/contacts/a', { isAdmin: false });
      expect(root.querySelector('h1')?.textContent).toBe('Name a');
      expect(button('Erase contact…')).toBeUndefined();
      expect(root.querySelector('a[download]')).toBeNull();
    });
  });
});
