import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { VisitorStreamEvent } from '@parley/protocol';
import { openStream } from './stream';

/** EventSource, driven by hand: every instance, in the order they were opened. */
class FakeSource {
  static readonly OPEN = 1;
  static opened: FakeSource[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onerror: (() => void) | null = null;
  readyState = FakeSource.OPEN;
  constructor(readonly url: string) {
    FakeSource.opened.push(this);
  }
  close() {
    this.readyState = 2;
  }
  send(e: VisitorStreamEvent) {
    this.onmessage?.({ data: JSON.stringify(e) });
  }
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('EventSource', FakeSource);
  FakeSource.opened = [];
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe("the widget's stream", () => {
  it("resumes from a reset's position, and stays closed once a newer tab replaced it, until kicked", () => {
    const events: VisitorStreamEvent[] = [];
    const stream = openStream({ url: (last) => `/stream?lastEventId=${last}`, lastEventId: 7, onEvent: (e) => events.push(e) });
    const first = FakeSource.opened[0]!;
    first.send({ id: 900, type: 'reset' });
    first.send({ type: 'stream.replaced' });
    vi.advanceTimersByTime(60_000);
    expect(FakeSource.opened).toHaveLength(1);
    expect(first.readyState).toBe(2);
    expect(events).toEqual([{ id: 900, type: 'reset' }]);

    stream.kick();
    expect(FakeSource.opened.map((s) => s.url)).toEqual(['/stream?lastEventId=7', '/stream?lastEventId=900']);
    stream.close();
  });
});
