import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Conversation, Message } from '@parley/protocol';
import { HttpError, type Request } from './api';
import { createOutbox, MAX_SEND_ATTEMPTS } from './outbox';
import type { Stored } from './session';
import { initialState } from './state';
import { Store } from './store';
import { conversation } from './test-fixtures';

interface Sent {
  path: string;
  body: { clientId: string; body?: string };
}


/** The server's answer to a send: the stored message, or a thrown error. */
type Server = (sent: Sent, nth: number) => unknown;
const stores: Server = ({ path, body }, nth) =>
  path === '/conversations'
    ? conversation('c1')
    : ({
        id: nth,
        conversationId: path.split('/')[2]!,
        clientId: body.clientId,
        author: { type: 'visitor', name: null, avatarUrl: null },
        body: body.body!,
        meta: {},
        createdAt: '2026-01-01T10:00:00.000Z',
      } satisfies Message);
const networkDown = () => new TypeError('Failed to fetch');

/** An outbox over an in-memory record and a fake server; `sent` is every request, in order. */
function setup(current: Conversation | null = conversation('c1')) {
  let stored: Partial<Stored> = {};
  let server: Server = stores;
  const sent: Sent[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const request = (async (_method: string, path: string, body: Sent['body']) => {
    sent.push({ path, body });
    mostInFlight = Math.max(mostInFlight, ++inFlight);
    await Promise.resolve();
    inFlight--;
    const answer = server({ path, body }, sent.length);
    if (answer instanceof Error) throw answer;
    return answer;
  }) as Request;
  const session = {
    get stored() {
      return stored;
    },
    save: (patch: Partial<Stored>) => void (stored = { ...stored, ...patch }),
    request,
  };
  const state = new Store(initialState(true));
  state.set({ current, conversations: current ? [current] : [] });
  const gaveUp = vi.fn();
  // As the chat does: the conversation the record names becomes the current one.
  const resume = vi.fn(async () => state.set({ current: conversation(stored.conversationId), messages: [] }));
  const outbox = createOutbox({ session, state, ready: async () => {}, gaveUp, resume });
  return {
    outbox,
    state,
    sent,
    gaveUp,
    resume,
    stored: () => stored,
    mostInFlight: () => mostInFlight,
    answer: (next: Server) => void (server = next),
    messagesSent: () => sent.filter((s) => s.path.endsWith('/messages')),
  };
}

beforeEach(() => void vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('the outbox', () => {
  it('creates the conversation with the first message, then sends the queue into it in order, one at a time', async () => {
    const t = setup(null);
    t.outbox.add('one');
    t.outbox.add('two');
    expect(t.state.get().pending.map((p) => [p.body, p.conversationId])).toEqual([
      ['one', null],
      ['two', null],
    ]);
    await settle();

    expect(t.sent.map((s) => [s.path, s.body.body])).toEqual([
      ['/conversations', undefined],
      ['/conversations/c1/messages', 'one'],
      ['/conversations/c1/messages', 'two'],
    ]);
    expect(t.mostInFlight()).toBe(1);
    expect(t.state.get().current?.id).toBe('c1');
    expect(t.state.get().messages.map((m) => m.body)).toEqual(['one', 'two']);
    expect(t.state.get().pending).toEqual([]);
    expect(t.stored()).toMatchObject({ conversationId: 'c1', newConversation: undefined, outbox: [] });
  });

  it('keeps the clientIds of a message and of the conversation it starts across retries, so a lost response stores them once', async () => {
    const t = setup(null);
    t.answer((sent, nth) => (nth <= 1 || nth === 3 ? networkDown() : stores(sent, nth)));
    t.outbox.add('hello');
    await settle();
    await vi.advanceTimersByTimeAsync(2000);
    // The conversation exists, the message waits for its retry: it belongs to that conversation now.
    expect(t.state.get().pending.map((p) => [p.body, p.conversationId])).toEqual([['hello', 'c1']]);
    await vi.advanceTimersByTimeAsync(4000);

    const [lostConversation, conversationAgain, lostMessage, messageAgain] = t.sent;
    expect(t.sent).toHaveLength(4);
    expect(conversationAgain!.body.clientId).toMatch(/^c-/);
    expect(conversationAgain!.body.clientId).toBe(lostConversation!.body.clientId);
    expect(messageAgain!.body.clientId).toMatch(/^m-/);
    expect(messageAgain!.body.clientId).toBe(lostMessage!.body.clientId);
    expect(t.state.get().pending).toEqual([]);
  });

  it(`backs off 2 s, then 4 s, on server errors; after ${MAX_SEND_ATTEMPTS} tries shows "Not sent" and goes on with the next message`, async () => {
    const t = setup();
    const down = new HttpError(503, 'unavailable', 'Down for maintenance');
    t.answer((sent, nth) => (sent.body.body === 'one' ? down : stores(sent, nth)));
    t.outbox.add('one');
    t.outbox.add('two');
    await settle();
    expect(t.messagesSent()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1999);
    expect(t.messagesSent()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.messagesSent()).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(3999);
    expect(t.messagesSent()).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);

    expect(t.messagesSent().map((s) => s.body.body)).toEqual(['one', 'one', 'one', 'two']);
    expect(t.gaveUp).toHaveBeenCalledExactlyOnceWith(down);
    expect(t.state.get().pending.map((p) => [p.body, p.failed])).toEqual([['one', true]]);
    expect(t.stored().outbox!.map((p) => [p.body, p.failed])).toEqual([['one', true]]);
    expect(t.state.get().messages.map((m) => m.body)).toEqual(['two']);
  });

  it('gives a message Retry was pressed on its full tries again, with the same backoff', async () => {
    const t = setup();
    t.answer(() => new HttpError(503, 'unavailable', 'Down'));
    t.outbox.add('hello');
    await vi.advanceTimersByTimeAsync(6000);
    const [failed] = t.state.get().pending;
    expect(failed?.failed).toBe(true);

    t.outbox.retry(failed!.clientId);
    await settle();
    expect(t.state.get().pending[0]?.failed).toBe(false);
    t.answer(stores);
    await vi.advanceTimersByTimeAsync(2000);
    expect(t.messagesSent()).toHaveLength(5);
    expect(t.state.get().pending).toEqual([]);
  });

  it('marks a message the server refuses as failed at once, and Retry sends it again under the same clientId', async () => {
    const t = setup();
    const refused = new HttpError(400, 'invalid', 'body: too long');
    t.answer(() => refused);
    t.outbox.add('hello');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.messagesSent()).toHaveLength(1);
    expect(t.gaveUp).toHaveBeenCalledExactlyOnceWith(refused);
    const [failed] = t.state.get().pending;
    expect(failed?.failed).toBe(true);

    t.answer(stores);
    t.outbox.retry(failed!.clientId);
    await settle();
    expect(t.messagesSent().map((s) => s.body.clientId)).toEqual([failed!.clientId, failed!.clientId]);
    expect(t.state.get().pending).toEqual([]);
  });

  it('offline, waits for the browser to come back online, without using up tries', async () => {
    const t = setup();
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    t.answer(networkDown);
    for (const text of ['one', 'two', 'three', 'four']) {
      t.outbox.add(text);
      await vi.advanceTimersByTimeAsync(60_000);
    }
    // Each new message tried the queue again from its head; none of those tries counted.
    expect(t.messagesSent().map((s) => s.body.body)).toEqual(['one', 'one', 'one', 'one']);
    expect(t.state.get().pending.map((p) => p.failed)).toEqual([undefined, undefined, undefined, undefined]);

    onLine.mockReturnValue(true);
    t.answer(stores);
    t.outbox.online();
    await settle();
    expect(t.state.get().pending).toEqual([]);
    expect(t.state.get().messages.map((m) => m.body)).toEqual(['one', 'two', 'three', 'four']);
  });

  it('lets the stream confirm a message first, and shows only the current conversation its own pending messages', async () => {
    const t = setup();
    t.answer(networkDown);
    t.outbox.add('for c1');
    const [confirmed] = t.state.get().pending;
    t.state.set({ current: conversation('c2') });
    t.outbox.add('for c2');
    expect(t.state.get().pending.map((p) => p.body)).toEqual(['for c2']);

    t.outbox.drop(confirmed!.clientId);
    expect(t.stored().outbox!.map((p) => p.body)).toEqual(['for c2']);
    await settle();
  });

  describe('a reply to a closed ticket, which the server stores in a new ticket linked to it', () => {
    /** The server: c4 is closed, so what is posted to it lands in c5. */
    const reopens: Server = (sent, nth) => {
      const m = stores(sent, nth) as Message;
      return m.conversationId === 'c4' ? { ...m, conversationId: 'c5' } : m;
    };

    it('takes the visitor to the new ticket, keeping the reply on screen as sending until it is loaded, and sends the replies queued behind it there', async () => {
      const t = setup(conversation('c4', 'closed'));
      t.answer(reopens);
      let loaded!: () => void;
      t.resume.mockImplementationOnce(async () => {
        await new Promise<void>((resolve) => (loaded = resolve));
        t.state.set({ current: conversation(t.stored().conversationId), messages: [] });
      });
      t.outbox.add('one');
      t.outbox.add('two');
      await settle();
      expect(t.stored().conversationId).toBe('c5');
      expect(t.state.get().current?.id).toBe('c4');
      expect(t.state.get().pending.map((p) => p.body)).toEqual(['one', 'two']);

      loaded();
      await settle();
      expect(t.resume).toHaveBeenCalledOnce();
      expect(t.messagesSent().map((s) => [s.path, s.body.body])).toEqual([
        ['/conversations/c4/messages', 'one'],
        ['/conversations/c5/messages', 'two'],
      ]);
      expect(t.state.get().current?.id).toBe('c5');
      expect(t.state.get().messages.map((m) => [m.conversationId, m.body])).toEqual([
        ['c5', 'one'],
        ['c5', 'two'],
      ]);
      expect(t.state.get().pending).toEqual([]);
      expect(t.stored().outbox).toEqual([]);
    });

    it('leaves a visitor who has moved on where they are, and still sends the queued replies to the new ticket', async () => {
      const t = setup(conversation('c4', 'closed'));
      t.answer(networkDown);
      t.outbox.add('one');
      t.outbox.add('two');
      await settle();
      t.answer(reopens);
      t.state.set({ current: conversation('c1') });
      await vi.advanceTimersByTimeAsync(2000);

      expect(t.resume).not.toHaveBeenCalled();
      expect(t.state.get().current?.id).toBe('c1');
      expect(t.messagesSent().map((s) => [s.path, s.body.body])).toEqual([
        ['/conversations/c4/messages', 'one'],
        ['/conversations/c4/messages', 'one'],
        ['/conversations/c5/messages', 'two'],
      ]);
      expect(t.stored().outbox).toEqual([]);
    });
  });
});
