import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConversationStatus, QueueState } from '@parley/protocol';
import type { Request } from './api';
import { createSignals, QUEUE_POLL_MS, TYPING_EVERY_MS, TYPING_IDLE_MS, TYPING_SHOWN_MS } from './signals';
import { initialState } from './state';
import { Store } from './store';
import { conversation } from './test-fixtures';

const queue: QueueState = { status: 'queued', position: 2, expectedWaitSeconds: 300, agentsOnline: true, emailFollowUp: false, email: null };

/** Signals over a state whose current conversation is `status`; `sent` is every request as `METHOD path body`. */
function setup(status: ConversationStatus = 'bot', token?: string) {
  const state = new Store(initialState(true));
  state.set({ current: conversation('c1', status) });
  const sent: string[] = [];
  const request = (async (method: string, path: string, body?: unknown) => {
    sent.push(`${method} ${path}${body ? ` ${JSON.stringify(body)}` : ''}`);
    return queue;
  }) as Request;
  let visitor = token;
  const signals = createSignals(state, request, () => visitor);
  return { state, sent, signals, signIn: (t: string | undefined) => void (visitor = t) };
}

beforeEach(() => void vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the visitor typing', () => {
  const on = 'POST /conversations/c1/typing {"isTyping":true}';
  const off = 'POST /conversations/c1/typing {"isTyping":false}';

  it(`sends "typing" at most every ${TYPING_EVERY_MS} ms while they type, and "stopped" ${TYPING_IDLE_MS} ms after the last keystroke`, async () => {
    const { sent, signals } = setup();
    for (let ms = 0; ms <= 3000; ms += 500) {
      signals.typed();
      await vi.advanceTimersByTimeAsync(500);
    }
    expect(sent).toEqual([on, on]);
    await vi.advanceTimersByTimeAsync(TYPING_IDLE_MS - 500 - 1);
    expect(sent).toEqual([on, on]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([on, on, off]);
  });

  it('sends "stopped" at once when they send, once, and never without a "typing" first', async () => {
    const { sent, signals } = setup();
    signals.stoppedTyping();
    expect(sent).toEqual([]);
    signals.typed();
    signals.stoppedTyping();
    await vi.advanceTimersByTimeAsync(TYPING_IDLE_MS);
    expect(sent).toEqual([on, off]);
  });
});

describe("the agent's typing dots", () => {
  it(`go ${TYPING_SHOWN_MS} ms after the last "typing" when no "stopped" comes`, async () => {
    const { state, signals } = setup();
    state.set({ typing: true });
    signals.othersTyping(true);
    await vi.advanceTimersByTimeAsync(5000);
    signals.othersTyping(true);
    await vi.advanceTimersByTimeAsync(TYPING_SHOWN_MS - 1);
    expect(state.get().typing).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.get().typing).toBe(false);
  });

  it('need no timeout once the agent says they stopped', async () => {
    const { state, signals } = setup();
    signals.othersTyping(true);
    signals.othersTyping(false);
    // Whatever shows the dots next starts its own timeout; the old one must not cut it short.
    state.set({ typing: true });
    await vi.advanceTimersByTimeAsync(TYPING_SHOWN_MS * 2);
    expect(state.get().typing).toBe(true);
  });
});

describe('the place in line', () => {
  const asked = 'GET /conversations/c1/queue';

  it(`is asked for now and every ${QUEUE_POLL_MS} ms while the conversation is queued, and no more once it leaves the queue`, async () => {
    const { state, sent, signals } = setup('queued');
    signals.watchQueue();
    await vi.advanceTimersByTimeAsync(0);
    expect(state.get().queue).toEqual(queue);
    await vi.advanceTimersByTimeAsync(QUEUE_POLL_MS);
    expect(sent).toEqual([asked, asked]);

    state.set({ current: conversation('c1', 'open') });
    signals.watchQueue();
    expect(state.get().queue).toBeNull();
    await vi.advanceTimersByTimeAsync(QUEUE_POLL_MS * 3);
    expect(sent).toEqual([asked, asked]);
  });

  it('is polled by one timer however often the conversation is looked at', async () => {
    const { sent, signals } = setup('queued');
    signals.watchQueue();
    signals.watchQueue();
    await vi.advanceTimersByTimeAsync(QUEUE_POLL_MS);
    expect(sent).toEqual([asked, asked, asked]);
  });

  it('is not shown for a conversation the visitor left while it was asked for', async () => {
    const { state, signals } = setup('queued');
    signals.watchQueue();
    state.set({ current: conversation('c2', 'queued') });
    await vi.advanceTimersByTimeAsync(0);
    expect(state.get().queue).toBeNull();
  });
});

describe('the page report', () => {
  const reported = (path: string) => `PATCH /visitor {"page":"http://localhost:3000${path}"}`;

  it('sends the page without its fragment, once per navigation and again for another visitor', async () => {
    const { sent, signals, signIn } = setup('bot', 'token-1');
    history.pushState(null, '', '/pricing#access_token=secret');
    signals.reportPage();
    signals.reportPage();
    history.pushState(null, '', '/cart');
    dispatchEvent(new PopStateEvent('popstate'));
    signIn('token-2');
    signals.reportPage();
    signIn(undefined);
    history.pushState(null, '', '/checkout');
    signals.reportPage();
    expect(sent).toEqual([reported('/pricing'), reported('/cart'), reported('/cart')]);
  });

  it('skips the page a new visitor was created with', () => {
    const { sent, signals } = setup('bot', 'token-3');
    history.pushState(null, '', '/signup');
    signals.pageSent(location.href);
    signals.reportPage();
    expect(sent).toEqual([]);
  });
});

it('stops every timer on a reset', async () => {
  const { state, sent, signals } = setup('queued');
  signals.watchQueue();
  signals.typed();
  signals.othersTyping(true);
  state.set({ typing: true });
  signals.stop();
  await vi.advanceTimersByTimeAsync(QUEUE_POLL_MS * 2);
  expect(sent.filter((s) => !s.startsWith('GET'))).toEqual(['POST /conversations/c1/typing {"isTyping":true}']);
  expect(sent.filter((s) => s.startsWith('GET'))).toHaveLength(1);
  expect(state.get().typing).toBe(true);
});
