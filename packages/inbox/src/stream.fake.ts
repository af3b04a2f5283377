import { act } from 'preact/test-utils';
import { vi } from 'vitest';
import type { InboxStreamEvent } from '@parley/protocol';

/** The app's one EventSource, driven by hand in tests (`vi.stubGlobal('EventSource', FakeSource)`). */
export class FakeSource {
  static readonly CLOSED = 2;
  static current: FakeSource;
  onmessage: ((m: { data: string }) => void) | null = null;
  onerror: (() => void) | null = null;
  readyState = 1;
  constructor(readonly url: string) {
    FakeSource.current = this;
  }
  close() {
    this.readyState = FakeSource.CLOSED;
  }
}

/** Events as the server sends them on the stream open now. */
export const receive = (...events: InboxStreamEvent[]) => act(() => events.forEach((e) => FakeSource.current.onmessage?.({ data: JSON.stringify(e) })));

/** Under fake timers: `ms` later, with what it set off rendered. */
export const wait = (ms: number) => act(async () => void (await vi.advanceTimersByTimeAsync(ms)));

/** Past a 150 ms stream refresh, then any timer its render set. */
export const settle = async () => {
  await wait(200);
  await wait(0);
};
