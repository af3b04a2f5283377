import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Me, Webhook, WebhookDelivery } from '@parley/protocol';
import { del, get, patch, post } from '../../api';
import { SessionContext } from '../../session';
import { WebhookSettings } from './webhooks';

vi.mock('../../api', async (original) => ({
  ...(await original<typeof import('../../api')>()),
  get: vi.fn(),
  post: vi.fn(),
  patch: vi.fn(),
  del: vi.fn(),
}));

const T = '2026-01-01T00:00:00.000Z';
const hook = (id: string, over: Partial<Webhook> = {}): Webhook => ({
  id,
  url: `https://crm.example/${id}`,
  events: ['message.created'],
  siteId: null,
  enabled: true,
  disabledReason: null,
  failingSince: null,
  createdAt: T,
  ...over,
});
const delivery = (id: string, over: Partial<WebhookDelivery> = {}): WebhookDelivery => ({
  id,
  type: 'message.created',
  status: 'delivered',
  attempts: 1,
  responseStatus: 200,
  error: null,
  createdAt: T,
  lastAttemptAt: T,
  nextAttemptAt: null,
  deliveredAt: T,
  ...over,
});
const session = {
  me: {} as Me,
  sites: { data: [{ id: 'site_1', name: 'Shop', publicKey: 'pk_1' }], error: null, reload: () => Promise.resolve(), set: () => {} },
  isAdmin: true,
  setMe: () => {},
  logout: () => Promise.resolve(),
};
let root: HTMLElement;
let hooks: Webhook[];
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 0)));
const button = (text: string) => [...root.querySelectorAll('button')].find((b) => b.textContent === text)!;

beforeEach(async () => {
  hooks = [hook('wh_1'), hook('wh_2', { enabled: false, disabledReason: 'The receiver answered 410 Gone', siteId: 'site_1' })];
  vi.mocked(get).mockImplementation(async (path: string) =>
    path.endsWith('/deliveries') ? { deliveries: [delivery('msg_1'), delivery('msg_2', { status: 'pending', attempts: 2, responseStatus: 500, error: 'HTTP 500' })] } : { webhooks: hooks },
  );
  for (const f of [post, patch, del]) vi.mocked(f).mockReset();
  root = document.createElement('div');
  document.body.append(root);
  act(() =>
    render(
      <SessionContext.Provider value={session}>
        <WebhookSettings />
      </SessionContext.Provider>,
      root,
    ),
  );
  await settle();
});
afterEach(() => {
  act(() => render(null, root));
  root.remove();
  vi.unstubAllGlobals();
});

describe('Settings → Webhooks', () => {
  it('lists each endpoint with its events, whether it is on, and why Parley turned it off', () => {
    const items = [...root.querySelectorAll('.webhooks > li')];
    expect(items[0]!.textContent).toContain('https://crm.example/wh_1 — on');
    expect(items[0]!.textContent).toContain('A message (visitor, agent, bot)');
    expect(items[1]!.textContent).toContain('off · Shop only');
    expect(items[1]!.querySelector('.error')!.textContent).toBe('The receiver answered 410 Gone');
  });

  it('creates an endpoint for the chosen events and site, and shows its secret once', async () => {
    vi.mocked(post).mockResolvedValue({ ...hook('wh_3'), secret: 'whsec_abc' });
    const form = root.querySelector('form')!;
    act(() => {
      (form.querySelector('input[name=url]') as HTMLInputElement).value = 'https://crm.example/in';
      (form.querySelector('select[name=siteId]') as HTMLSelectElement).value = 'site_1';
      for (const e of ['conversation.created', 'note.created']) (form.querySelector(`input[value="${e}"]`) as HTMLInputElement).checked = true;
      form.dispatchEvent(new Event('submit', { cancelable: true }));
    });
    await settle();
    expect(vi.mocked(post)).toHaveBeenCalledWith('/webhooks', { url: 'https://crm.example/in', events: ['conversation.created', 'note.created'], siteId: 'site_1' });
    expect((root.querySelector('.new-token input') as HTMLInputElement).value).toBe('whsec_abc');
  });

  it('sends a test event, turns an endpoint back on, and deletes only once confirmed', async () => {
    act(() => button('Send a test event').click());
    await settle();
    expect(vi.mocked(post)).toHaveBeenCalledWith('/webhooks/wh_1/test');
    act(() => button('Turn on').click());
    await settle();
    expect(vi.mocked(patch)).toHaveBeenCalledWith('/webhooks/wh_2', { enabled: true });
    vi.stubGlobal('confirm', vi.fn().mockReturnValueOnce(false).mockReturnValueOnce(true));
    act(() => button('Delete').click());
    expect(vi.mocked(del)).not.toHaveBeenCalled();
    act(() => button('Delete').click());
    await settle();
    expect(vi.mocked(del)).toHaveBeenCalledWith('/webhooks/wh_1');
  });

  it("shows an endpoint's recent deliveries and replays a finished one", async () => {
    act(() => button('Recent deliveries').click());
    await settle();
    const rows = [...root.querySelectorAll('.deliveries tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    expect(rows.map((r) => [r[0], r[2], r[3]])).toEqual([
      ['message.created', '1', 'Delivered (200)'],
      ['message.created', '2', 'Retrying: HTTP 500'],
    ]);
    expect(root.querySelectorAll('.deliveries button')).toHaveLength(1);
    act(() => button('Replay').click());
    await settle();
    expect(vi.mocked(post)).toHaveBeenCalledWith('/webhooks/wh_1/deliveries/msg_1/replay');
  });
});
