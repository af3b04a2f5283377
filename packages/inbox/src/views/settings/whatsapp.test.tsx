import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CreateWhatsAppChannelBody, Me, WhatsAppChannel } from '@parley/protocol';
import { ApiError, del, get, patch, post } from '../../api';
import { SessionContext } from '../../session';
import { SettingsView } from '../settings';

vi.mock('../../api', async (original) => ({
  ...(await original<typeof import('../../api')>()),
  get: vi.fn(),
  post: vi.fn(),
  patch: vi.fn(),
  del: vi.fn(),
}));

const PATH = '/sites/site_1/channels/whatsapp';
const TOKEN = 'EAAG-secret-access-token';
const APP_SECRET = 'app-secret-0123456789';
const channel = (id: string, over: Partial<WhatsAppChannel> = {}): WhatsAppChannel => ({
  id,
  siteId: 'site_1',
  phoneNumberId: '106540352242922',
  businessAccountId: '102290129340398',
  displayPhone: '+1 555 010 0100',
  webhookUrl: `https://parley.example/v1/whatsapp/${id}/webhook`,
  verifyToken: `wav_${id}_token`,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...over,
});
const session = {
  me: {} as Me,
  sites: { data: [{ id: 'site_1', name: 'Shop', publicKey: 'pk_1' }], error: null, reload: () => Promise.resolve(), set: () => {} },
  isAdmin: true,
  setMe: () => {},
  logout: () => Promise.resolve(),
};

/** The site's channels as the server holds them. */
let channels: WhatsAppChannel[];
let root: HTMLElement;
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 0)));
const button = (text: string, within: ParentNode = root) => [...within.querySelectorAll('button')].find((b) => b.textContent === text)!;
const items = () => [...root.querySelectorAll<HTMLElement>('.channel-list > li')];
const forms = () => [...root.querySelectorAll<HTMLFormElement>('form.whatsapp-form')];
const addForm = () => forms().at(-1)!;
const input = (form: HTMLFormElement, name: string) => form.querySelector<HTMLInputElement>(`input[name=${name}]`)!;
const fill = (form: HTMLFormElement, values: Record<string, string>) =>
  act(() => {
    for (const [name, value] of Object.entries(values)) input(form, name).value = value;
  });
const submit = async (form: HTMLFormElement) => {
  act(() => void form.dispatchEvent(new Event('submit', { cancelable: true })));
  await settle();
};
/** Every value the page shows or holds in a field, to look for a secret in. */
const shown = () => root.textContent! + [...root.querySelectorAll('input')].map((i) => i.value).join(' ');

beforeEach(async () => {
  channels = [channel('wa_1')];
  vi.mocked(get).mockImplementation(async (path: string) => {
    if (path !== PATH) throw new Error(`unexpected GET ${path}`);
    return { channels: structuredClone(channels) };
  });
  for (const f of [post, patch, del]) vi.mocked(f).mockReset();
  root = document.body.appendChild(document.createElement('div'));
  history.replaceState(null, '', '/inbox/settings/channels');
  act(() =>
    render(
      <SessionContext.Provider value={session}>
        <SettingsView path="/settings/channels" />
      </SessionContext.Provider>,
      root,
    ),
  );
  await settle();
});
afterEach(() => {
  act(() => render(null, root));
  root.remove();
});

describe('Settings → Channels, WhatsApp', () => {
  it("lists the site's numbers with the webhook URL and verify token to paste in Meta", () => {
    expect(root.querySelector('.tabs a[aria-current=page]')!.textContent).toBe('Channels');
    const [item] = items();
    expect(item!.querySelector('h3')!.textContent).toBe('+1 555 010 0100');
    expect(item!.textContent).toContain('Phone number id 106540352242922 · Business account 102290129340398');
    expect(item!.querySelector<HTMLInputElement>('input[aria-label="Webhook URL"]')!.value).toBe('https://parley.example/v1/whatsapp/wa_1/webhook');
    expect(item!.querySelector<HTMLInputElement>('input[aria-label="Verify token"]')!.value).toBe('wav_wa_1_token');
    expect(item!.textContent).toContain("Paste both in your Meta app's WhatsApp webhook settings");
    expect(button('Copy', item).getAttribute('aria-label')).toBe('Copy Webhook URL');
  });

  it('adds a number, then shows its webhook URL and verify token, and never the secrets typed', async () => {
    vi.mocked(post).mockImplementation(async (_path: string, body: object) => {
      const b = body as CreateWhatsAppChannelBody;
      const created = channel('wa_2', { phoneNumberId: b.phoneNumberId, businessAccountId: b.businessAccountId, displayPhone: b.displayPhone ?? null });
      channels.push(created);
      return created;
    });
    const form = addForm();
    expect([input(form, 'accessToken').type, input(form, 'appSecret').type]).toEqual(['password', 'password']);
    expect(input(form, 'accessToken').required).toBe(true);
    fill(form, { phoneNumberId: '200000000000001', businessAccountId: '300000000000001', displayPhone: ' ', accessToken: TOKEN, appSecret: APP_SECRET });
    await submit(form);

    expect(vi.mocked(post)).toHaveBeenCalledWith(PATH, { phoneNumberId: '200000000000001', businessAccountId: '300000000000001', accessToken: TOKEN, appSecret: APP_SECRET });
    expect(items()).toHaveLength(2);
    expect(items()[1]!.querySelector('h3')!.textContent).toBe('200000000000001');
    expect(items()[1]!.querySelector<HTMLInputElement>('input[aria-label="Verify token"]')!.value).toBe('wav_wa_2_token');
    expect(root.querySelector('[role=status]')!.textContent).toBe('Number added: paste its webhook URL and verify token in your Meta app.');
    expect(shown()).not.toContain(TOKEN);
    expect(shown()).not.toContain(APP_SECRET);
  });

  it("shows the server's refusal, and keeps what was typed for another try", async () => {
    vi.mocked(post).mockRejectedValue(new ApiError(409, 'conflict', 'phoneNumberId: this number is already a channel'));
    const form = addForm();
    fill(form, { phoneNumberId: '106540352242922', businessAccountId: '1', accessToken: TOKEN, appSecret: APP_SECRET });
    await submit(form);
    expect(form.querySelector('[role=alert]')!.textContent).toBe('phoneNumberId: this number is already a channel');
    expect(input(form, 'phoneNumberId').value).toBe('106540352242922');
    expect(items()).toHaveLength(1);
  });

  it('edits a number with its secrets shown only as stored, and sends only what changed: empty secrets stay as they are', async () => {
    vi.mocked(patch).mockImplementation(async (_path: string, body: object) => (channels[0] = { ...channels[0]!, ...body }));
    act(() => button('Edit').click());
    const form = items()[0]!.querySelector<HTMLFormElement>('form.whatsapp-form')!;
    expect(input(form, 'phoneNumberId').value).toBe('106540352242922');
    expect([input(form, 'accessToken').value, input(form, 'appSecret').value]).toEqual(['', '']);
    expect(input(form, 'accessToken').placeholder).toBe('Stored — leave empty to keep');
    expect(input(form, 'accessToken').required).toBe(false);

    fill(form, { displayPhone: '+44 20 7946 0000' });
    await submit(form);
    expect(vi.mocked(patch)).toHaveBeenCalledWith(`${PATH}/wa_1`, { displayPhone: '+44 20 7946 0000' });
    expect(items()[0]!.querySelector('form')).toBeNull();
    expect(items()[0]!.querySelector('h3')!.textContent).toBe('+44 20 7946 0000');
    expect(root.querySelector('[role=status]')!.textContent).toBe('Saved');

    act(() => button('Edit').click());
    const again = items()[0]!.querySelector<HTMLFormElement>('form.whatsapp-form')!;
    fill(again, { appSecret: APP_SECRET });
    await submit(again);
    expect(vi.mocked(patch).mock.calls[1]).toEqual([`${PATH}/wa_1`, { appSecret: APP_SECRET }]);
    expect(shown()).not.toContain(APP_SECRET);
  });

  it('deletes a number only once confirmed', async () => {
    vi.mocked(del).mockImplementation(async () => void (channels = []));
    act(() => button('Delete…').click());
    expect(root.querySelector('[role=alertdialog]')!.textContent).toContain('Delete the WhatsApp number +1 555 010 0100?');
    act(() => button('Cancel', root.querySelector('[role=alertdialog]')!).click());
    expect(vi.mocked(del)).not.toHaveBeenCalled();

    act(() => button('Delete…').click());
    act(() => button('Delete').click());
    await settle();
    expect(vi.mocked(del)).toHaveBeenCalledWith(`${PATH}/wa_1`);
    expect(root.querySelector('.empty')!.textContent).toBe('No WhatsApp number yet.');
  });
});
