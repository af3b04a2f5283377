import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { InboxStreamEvent, Me } from '@parley/protocol';
import { App } from './app';

vi.mock('./api', async (original) => ({
  ...(await original<typeof import('./api')>()),
  get: vi.fn(async (path: string) => answer(path)),
  put: vi.fn(() => Promise.resolve()),
}));

const me: Me = { id: 'a1', accountId: 'acc1', email: 'ada@example.com', name: 'Ada', role: 'agent', languages: [], skills: [], maxChats: 5, presence: 'online', avatarUrl: null };

function answer(path: string): unknown {
  if (path === '/auth/me') return me;
  if (path === '/sites') return { sites: [] };
  if (path.startsWith('/conversations?')) return { conversations: [], counts: { unassigned: 0, mine: 0, unread: 0 } };
  if (path === '/canned') return { cannedResponses: [] };
  throw new Error(`unexpected GET ${path}`);
}

/** The app's one EventSource, driven by hand. */
class FakeSource {
  static current: FakeSource;
  onmessage: ((m: { data: string }) => void) | null = null;
  closed = false;
  constructor() {
    FakeSource.current = this;
  }
  close() {
    this.closed = true;
  }
}

let root: HTMLElement;
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 0)));
const receive = (e: InboxStreamEvent) => act(() => FakeSource.current.onmessage?.({ data: JSON.stringify(e) }));

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
    expect(stream.closed).toBe(true);
  });
});
