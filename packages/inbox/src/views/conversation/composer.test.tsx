import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, type Mock, vi } from 'vitest';
import type { CannedResponseList, WhatsAppTemplateList } from '@parley/protocol';
import { ApiError, get, post } from '../../api';
import type { Load } from '../../load';
import { Composer } from './composer';

vi.mock('../../api', async (original) => ({ ...(await original<typeof import('../../api')>()), get: vi.fn(), post: vi.fn() }));

const canned: Load<CannedResponseList> = { data: { cannedResponses: [] }, error: null, reload: () => Promise.resolve(), set: () => {} };
const TEMPLATES = '/whatsapp/conversations/c3/templates';
const RULE = "WhatsApp allows free-form replies only within 24 hours of the customer's last message.";
const list = (windowOpenUntil: string | null): WhatsAppTemplateList => ({
  windowOpenUntil,
  templates: [
    { name: 'order_update', language: 'en_US', category: 'UTILITY', body: 'Hi {{1}}, your order {{2}} has shipped.', parameters: 2 },
    { name: 'hello', language: 'en', category: null, body: 'Hello! Reply to continue.', parameters: 0 },
  ],
});

/** Whether the customer's window is open, as the server judges each free-form reply. */
let windowOpen: boolean;
let root: HTMLElement;
let onSent: Mock<() => void>;

const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 0)));
const type = (el: HTMLInputElement | HTMLTextAreaElement, value: string) =>
  act(() => {
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
const button = (text: string) => [...root.querySelectorAll('button')].find((b) => b.textContent === text);
const picker = () => root.querySelector<HTMLElement>('section.templates');
const field = (label: string) => [...picker()!.querySelectorAll('label')].find((l) => l.firstChild?.textContent?.trim() === label)!.querySelector<HTMLInputElement & HTMLSelectElement>('input, select')!;
// post's body type is named at each call, so its mock does not know it.
const posted = () => (vi.mocked(post).mock.calls as unknown as Array<[string, object?]>).filter(([path]) => !path.endsWith('/typing'));
const templateAsks = () => vi.mocked(get).mock.calls.filter(([path]) => path === TEMPLATES).length;

async function reply(text: string, { note = false } = {}) {
  type(root.querySelector('textarea')!, text);
  if (note) act(() => root.querySelector<HTMLInputElement>('.composer-bar input[type=checkbox]')!.click());
  act(() => void root.querySelector('form.composer')!.dispatchEvent(new Event('submit', { cancelable: true })));
  await settle();
}

async function mount(whatsapp: boolean) {
  act(() => render(<Composer conversationId="c3" whatsapp={whatsapp} canned={canned} onSent={onSent} />, root));
  await settle();
}

beforeEach(() => {
  windowOpen = false;
  onSent = vi.fn<() => void>();
  vi.mocked(get).mockImplementation(async () => list(windowOpen ? '2026-01-02T09:00:00.000Z' : null));
  vi.mocked(post).mockImplementation(async (path: string, body?: object) => {
    if (path === '/conversations/c3/messages' && !windowOpen && !(body as { internal: boolean }).internal)
      throw new ApiError(409, 'window_closed', 'WhatsApp takes free-form replies only within 24 hours');
    return undefined;
  });
  // In the document: happy-dom fires a checkbox's change event only there.
  root = document.body.appendChild(document.createElement('div'));
});
afterEach(() => {
  act(() => render(null, root));
  root.remove();
  vi.mocked(get).mockReset();
  vi.mocked(post).mockReset();
});

describe('replying on WhatsApp past the 24-hour window', () => {
  it('explains the refusal, then sends the template chosen with its parameters, and the transcript reloads', async () => {
    await mount(true);
    expect(templateAsks()).toBe(0);
    await reply('Your parcel left today');
    expect(picker()!.querySelector('[role=alert]')!.textContent).toContain(RULE);
    expect(templateAsks()).toBe(1);
    expect(onSent).not.toHaveBeenCalled();
    expect(root.querySelector('textarea')!.value).toBe('Your parcel left today');

    const select = field('Template');
    expect([...select.options].map((o) => o.textContent)).toEqual(['Choose a template…', 'order_update (en_US) · utility', 'hello (en)']);
    expect(button('Send template')!.disabled).toBe(true);
    act(() => {
      select.value = '0';
      select.dispatchEvent(new Event('change'));
    });
    expect(picker()!.querySelector('.template-body')!.textContent).toBe('Hi {{1}}, your order {{2}} has shipped.');
    type(field('Parameter 1'), 'Grace');
    expect(button('Send template')!.disabled).toBe(true);
    type(field('Parameter 2'), ' A-1042 ');
    expect(picker()!.querySelector('.template-body')!.textContent).toBe('Hi Grace, your order A-1042 has shipped.');

    act(() => button('Send template')!.click());
    await settle();
    expect(posted().at(-1)).toEqual([TEMPLATES, { clientId: expect.stringMatching(/^template-/), name: 'order_update', language: 'en_US', parameters: ['Grace', 'A-1042'] }]);
    expect(onSent).toHaveBeenCalledTimes(1);
    expect(picker()).toBeNull();
  });

  it('keeps the picker and says why when the template is refused', async () => {
    await mount(true);
    await reply('Hello?');
    vi.mocked(post).mockRejectedValueOnce(new ApiError(400, 'invalid_request', 'parameters: the template takes 1, not 0'));
    act(() => {
      field('Template').value = '1';
      field('Template').dispatchEvent(new Event('change'));
    });
    act(() => button('Send template')!.click());
    await settle();
    expect([...picker()!.querySelectorAll('[role=alert]')].map((a) => a.textContent)).toContain('parameters: the template takes 1, not 0');
    expect(onSent).not.toHaveBeenCalled();
  });

  it('still takes private notes', async () => {
    await mount(true);
    await reply('Customer asked for a refund by phone', { note: true });
    expect(posted()).toEqual([['/conversations/c3/messages', { clientId: expect.stringMatching(/^reply-/), body: 'Customer asked for a refund by phone', internal: true }]]);
    expect(onSent).toHaveBeenCalledTimes(1);
    expect(picker()).toBeNull();
  });
});

describe('templates on request', () => {
  it('are listed only once the agent asks, with the explanation when the window is closed', async () => {
    await mount(true);
    act(() => button('Template…')!.click());
    await settle();
    expect(templateAsks()).toBe(1);
    expect(button('Template…')!.getAttribute('aria-expanded')).toBe('true');
    expect(picker()!.querySelector('[role=alert]')!.textContent).toContain(RULE);
  });

  it('say until when free-form replies are still open, with no warning', async () => {
    windowOpen = true;
    await mount(true);
    act(() => button('Template…')!.click());
    await settle();
    expect(picker()!.querySelector('[role=alert]')).toBeNull();
    expect(picker()!.textContent).toContain('Free-form replies are open until');
    act(() => button('Cancel')!.click());
    expect(picker()).toBeNull();
  });

  it('are never offered nor fetched in a widget conversation', async () => {
    await mount(false);
    expect(button('Template…')).toBeUndefined();
    windowOpen = true;
    await reply('Hi!');
    expect(posted()).toHaveLength(1);
    expect(templateAsks()).toBe(0);
    expect(onSent).toHaveBeenCalledTimes(1);
  });
});
