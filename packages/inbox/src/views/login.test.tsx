import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { post } from '../api';
import { LoginView } from './login';

vi.mock('../api', async (original) => ({ ...(await original<typeof import('../api')>()), post: vi.fn(() => Promise.resolve()) }));

let root: HTMLElement;
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 0)));
const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent === name)!;

beforeEach(() => {
  vi.mocked(post).mockClear();
  root = document.createElement('div');
  act(() => render(<LoginView onLogin={() => {}} />, root));
});
afterEach(() => act(() => render(null, root)));

describe('the login screen', () => {
  it('mails a reset link for a forgotten password, and says the same whatever the address', async () => {
    act(() => button('Forgot your password?').click());
    expect(root.querySelector('input[name=password]')).toBeNull();
    root.querySelector<HTMLInputElement>('input[name=email]')!.value = 'ada@example.com';
    act(() => void root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true })));
    await settle();
    expect(vi.mocked(post).mock.calls).toEqual([['/auth/password-reset', { email: 'ada@example.com' }]]);
    expect(root.querySelector('[role=status]')?.textContent).toMatch(/^If ada@example\.com has an account, a link to choose a new password is on its way/);
    act(() => button('Back to log in').click());
    expect(root.querySelector('input[name=password]')).not.toBeNull();
  });
});
