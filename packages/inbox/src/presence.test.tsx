import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Presence, PresenceBody } from '@parley/protocol';
import { put } from './api';
import { usePresence } from './presence';

vi.mock('./api', () => ({ put: vi.fn(() => Promise.resolve()) }));

const MINUTE = 60_000;
let root: HTMLElement;

function Probe({ initial }: { initial: Presence }) {
  const [presence, set] = usePresence(initial);
  return (
    <button type="button" onClick={() => set('away')}>
      {presence}
    </button>
  );
}

function mount(initial: Presence) {
  act(() => render(<Probe initial={initial} />, root));
}

const shown = () => root.textContent;
const sent = () => vi.mocked(put<void, PresenceBody>).mock.calls.map(([, body]) => body.presence);
const idleFor = (ms: number) => act(() => void vi.advanceTimersByTime(ms));
const activity = (type: 'keydown' | 'pointerdown') => act(() => void dispatchEvent(new Event(type)));

beforeEach(() => {
  vi.useFakeTimers();
  vi.mocked(put).mockClear();
  root = document.createElement('div');
});
afterEach(() => {
  act(() => render(null, root));
  vi.useRealTimers();
});

describe('presence in the inbox', () => {
  it('turns an agent away after five idle minutes, and online again on the next keypress', () => {
    mount('online');
    idleFor(5 * MINUTE - 1);
    expect(shown()).toBe('online');
    idleFor(1);
    expect(shown()).toBe('away');
    expect(sent()).toEqual(['away']);
    activity('keydown');
    expect(shown()).toBe('online');
    expect(sent()).toEqual(['away', 'online']);
  });

  it('starts the idle count again on every click or key', () => {
    mount('online');
    idleFor(4 * MINUTE);
    activity('pointerdown');
    idleFor(4 * MINUTE);
    expect(shown()).toBe('online');
    expect(sent()).toEqual([]);
  });

  it('never overrides away chosen by hand', () => {
    mount('online');
    act(() => root.querySelector('button')!.click());
    expect(shown()).toBe('away');
    activity('keydown');
    idleFor(10 * MINUTE);
    activity('keydown');
    expect(shown()).toBe('away');
    expect(sent()).toEqual(['away']);
  });

  it('shows an agent who opens the inbox while offline as online', () => {
    mount('offline');
    expect(shown()).toBe('online');
  });
});
