import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from './app';
import { FakeSource, receive } from './stream.fake';
import { me } from './views/conversations.fixture';

vi.mock('./api', async (original) => ({
  ...(await original<typeof import('./api')>()),
  get: vi.fn(async (path: string) => answer(path)),
  put: vi.fn(() => Promise.resolve()),
}));

function answer(path: string): unknown {
  if (path === '/auth/me') return me;
  if (path === '/sites') return { sites: [] };
  if (path.startsWith('/conversations?')) return { conversations: [], counts: { unassigned: 0, mine: 0, unread: 0 } };
  if (path === '/canned') return { cannedResponses: [] };
  if (path === '/tickets/counts') return { open: 0, unassigned: 0, inProgress: 0, waiting: 0, resolved: 0, closed: 0 };
  throw new Error(`unexpected GET ${path}`);
}

let root: HTMLElement;
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 0)));

beforeEach(async () => {
  vi.stubGlobal('EventSource', FakeSource);
  root = document.createElement('div');
  act(() => render(<App />, root));
  await settle();
});
afterEach(() => {
  act(() => render(null, root));
  vi.unstubAllGlobals();
});

describe('the signed-in app', () => {
  it('goes back to the login screen, saying why, when the server ends the session, and stops its stream', async () => {
    const stream = FakeSource.current;
    expect(root.querySelector('nav[aria-label=Main]')).not.toBeNull();
    receive({ type: 'session.ended', sessionId: null });
    await settle();
    expect(root.querySelector('nav[aria-label=Main]')).toBeNull();
    expect(root.querySelector('button[type=submit]')?.textContent).toBe('Log in');
    expect(root.querySelector('[role=status]')?.textContent).toBe('Your session has ended: log in again.');
    expect(stream.readyState).toBe(FakeSource.CLOSED);
  });
});
