import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ApiToken, ApiTokenList } from '@parley/protocol';
import { del, get, post } from '../../api';
import { ApiTokenSettings } from './api-tokens';

vi.mock('../../api', async (original) => ({
  ...(await original<typeof import('../../api')>()),
  get: vi.fn(),
  post: vi.fn(),
  del: vi.fn(),
}));

const token = (id: string, over: Partial<ApiToken> = {}): ApiToken => ({
  id,
  name: `Token ${id}`,
  scopes: ['conversations:read'],
  createdBy: { id: 'a1', name: 'Ada' },
  createdAt: '2026-01-01T00:00:00.000Z',
  lastUsedAt: null,
  ...over,
});
let root: HTMLElement;
let listed: ApiTokenList;
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 0)));
const rows = () => [...root.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));

beforeEach(async () => {
  listed = { tokens: [token('tok_1', { lastUsedAt: '2026-01-02T00:00:00.000Z' })] };
  vi.mocked(get).mockImplementation(async () => listed);
  vi.mocked(post).mockReset();
  vi.mocked(del).mockReset();
  root = document.createElement('div');
  document.body.append(root);
  act(() => render(<ApiTokenSettings />, root));
  await settle();
});
afterEach(() => {
  act(() => render(null, root));
  root.remove();
});

describe('Settings → API tokens', () => {
  it('lists each token with its scopes, maker and last use', () => {
    expect(vi.mocked(get)).toHaveBeenCalledWith('/api-tokens');
    const [row] = rows();
    expect(row!.slice(0, 2)).toEqual(['Token tok_1', 'conversations:read']);
    expect(row![2]).toMatch(/^Ada, /);
    expect(row![3]).not.toBe('Never');
  });

  it('creates a token with the chosen scopes and shows it once', async () => {
    vi.mocked(post).mockResolvedValue({ ...token('tok_2', { name: 'CRM', scopes: ['contacts:read', 'kb:write'] }), token: 'pat_secret' });
    const form = root.querySelector('form')!;
    act(() => {
      (form.querySelector('input[name=name]') as HTMLInputElement).value = 'CRM';
      for (const scope of ['contacts:read', 'kb:write']) (form.querySelector(`input[value="${scope}"]`) as HTMLInputElement).checked = true;
      form.dispatchEvent(new Event('submit', { cancelable: true }));
    });
    await settle();
    expect(vi.mocked(post)).toHaveBeenCalledWith('/api-tokens', { name: 'CRM', scopes: ['contacts:read', 'kb:write'] });
    expect((root.querySelector('.new-token input') as HTMLInputElement).value).toBe('pat_secret');
    expect(root.textContent).toContain('it will not be shown again');
  });

  it('revokes a token only once confirmed', async () => {
    vi.stubGlobal('confirm', vi.fn().mockReturnValueOnce(false).mockReturnValueOnce(true));
    const revoke = () => act(() => [...root.querySelectorAll('button')].find((b) => b.textContent === 'Revoke')!.click());
    revoke();
    expect(vi.mocked(del)).not.toHaveBeenCalled();
    listed = { tokens: [] };
    revoke();
    await settle();
    expect(vi.mocked(del)).toHaveBeenCalledWith('/api-tokens/tok_1');
    expect(root.textContent).toContain('No API tokens yet.');
    vi.unstubAllGlobals();
  });
});
