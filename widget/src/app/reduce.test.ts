import { describe, expect, it } from 'vitest';
import type { ConversationStatus, Message, VisitorStreamEvent } from '@parley/protocol';
import { reduce, type Thread } from './reduce';
import { conversation } from './test-fixtures';

const message = (id: number, author: 'visitor' | 'bot' | 'agent', more: Partial<Message> = {}): Message => ({
  id,
  conversationId: 'c1',
  clientId: author === 'visitor' ? `m-${id}` : null,
  author: { type: author, name: null, avatarUrl: null },
  body: `message ${id}`,
  meta: {},
  createdAt: '2026-01-01T10:00:00.000Z',
  ...more,
});
const created = (m: Message): VisitorStreamEvent => ({ id: 100 + m.id, type: 'message.created', conversationId: m.conversationId, message: m });
const typing = (author: 'visitor' | 'bot' | 'agent', isTyping: boolean, conversationId = 'c1'): VisitorStreamEvent => ({ type: 'typing', conversationId, author, isTyping });
const delta = (text: string, conversationId = 'c1'): VisitorStreamEvent => ({ type: 'bot.delta', conversationId, replyTo: 1, text });

const c1 = conversation('c1');
const thread = (more: Partial<Thread> = {}): Thread => ({ conversations: [c1, conversation('c0', 'resolved')], current: c1, messages: [], drafts: [], typing: false, ...more });
const types = (effects: { type: string }[]) => effects.map((e) => e.type);
/** The facade skips the store (and so a render) for an event that returns the same state. */
const expectIgnored = (before: Thread, e: VisitorStreamEvent) => {
  const { state, effects } = reduce(before, e);
  expect(state).toBe(before);
  expect(effects).toEqual([]);
};

describe('reduce: message.created', () => {
  it('adds a message of the current conversation in id order, emits it and marks it read', () => {
    const m3 = message(3, 'agent');
    const { state, effects } = reduce(thread({ messages: [message(1, 'visitor'), message(4, 'bot')], typing: true }), created(m3));
    expect(state.messages.map((m) => m.id)).toEqual([1, 3, 4]);
    expect(state.typing).toBe(false);
    expect(effects).toEqual([{ type: 'emit', message: m3 }, { type: 'unread' }, { type: 'markRead' }]);
  });

  it('stores a message it already has once, as the newest copy', () => {
    const first = reduce(thread(), created(message(1, 'agent', { body: 'draft' }))).state;
    const { state } = reduce(first, created(message(1, 'agent', { body: 'edited' })));
    expect(state.messages.map((m) => [m.id, m.body])).toEqual([[1, 'edited']]);
  });

  it("hands the visitor's own echoed message to the outbox, without counting it unread or hiding the dots", () => {
    const own = message(2, 'visitor');
    const { state, effects } = reduce(thread({ typing: true }), created(own));
    expect(state.typing).toBe(true);
    expect(effects).toEqual([{ type: 'emit', message: own }, { type: 'delivered', clientId: 'm-2' }, { type: 'markRead' }]);
  });

  it('replaces the streamed draft of a bot answer with the stored answer', () => {
    let s = thread({ messages: [message(1, 'visitor')], typing: true });
    for (const piece of ['Refunds ', 'take 5 days.']) s = reduce(s, delta(piece)).state;
    expect(s.drafts).toEqual([{ conversationId: 'c1', replyTo: 1, text: 'Refunds take 5 days.' }]);
    expect(s.typing).toBe(false);

    s = reduce(s, created(message(2, 'bot', { body: 'Refunds take 5 days.', meta: { kind: 'answer', replyTo: 1 } }))).state;
    expect(s.drafts).toEqual([]);
    expect(s.messages.map((m) => m.id)).toEqual([1, 2]);
  });

  it('leaves the thread alone for a message in another conversation, and refreshes the list only for one it does not know', () => {
    const before = thread();
    const known = reduce(before, created(message(5, 'agent', { conversationId: 'c0' })));
    expect(known.state).toBe(before);
    expect(types(known.effects)).toEqual(['emit']);

    const unknown = reduce(before, created(message(6, 'agent', { conversationId: 'c9' })));
    expect(unknown.state).toBe(before);
    expect(types(unknown.effects)).toEqual(['emit', 'refreshList']);
  });
});

describe('reduce: bot.delta', () => {
  it('ignores pieces of an answer in another conversation', () => {
    expectIgnored(thread({ typing: true }), delta('Hi', 'c0'));
  });
});

describe('reduce: conversation.updated', () => {
  const updated = (conversationId: string, status: ConversationStatus): VisitorStreamEvent => {
    const { lastMessage: _, ...fields } = conversation(conversationId, status);
    return {
      id: 7,
      type: 'conversation.updated',
      conversationId,
      conversation: fields,
      by: { type: 'agent', agentId: 'a1' },
      changes: { status: { from: 'open', to: status } },
    };
  };

  it('updates the current conversation and its list entry, and watches the queue when it moves into it', () => {
    const { state, effects } = reduce(thread(), updated('c1', 'queued'));
    expect(state.current?.status).toBe('queued');
    expect(state.conversations.map((c) => [c.id, c.status])).toEqual([
      ['c1', 'queued'],
      ['c0', 'resolved'],
    ]);
    expect(effects).toEqual([{ type: 'watchQueue' }]);
  });

  it('watches the queue again when the conversation leaves it, but not on an update that keeps its status', () => {
    const queued = thread({ current: conversation('c1', 'queued') });
    expect(reduce(queued, updated('c1', 'open')).effects).toEqual([{ type: 'watchQueue' }]);
    expect(reduce(queued, updated('c1', 'queued')).effects).toEqual([]);
  });

  it('updates only the list for another conversation', () => {
    const { state, effects } = reduce(thread(), updated('c0', 'open'));
    expect(state.current).toBe(c1);
    expect(state.conversations[1]!.status).toBe('open');
    expect(effects).toEqual([]);
  });
});

describe('reduce: conversation.read', () => {
  const read = (reader: 'visitor' | 'agent', conversationId = 'c1'): VisitorStreamEvent => ({ id: 8, type: 'conversation.read', conversationId, reader, lastReadId: 42 });

  it('records how far the agent has read the current conversation, for "Seen"', () => {
    expect(reduce(thread(), read('agent')).state.current?.agentLastReadId).toBe(42);
  });

  it("ignores the visitor's own receipts and those of other conversations", () => {
    expectIgnored(thread(), read('visitor'));
    expectIgnored(thread(), read('agent', 'c0'));
  });
});

describe('reduce: typing', () => {
  it('shows the dots while the agent types, with a timeout, and hides them when they stop', () => {
    const shown = reduce(thread(), typing('agent', true));
    expect(shown.state.typing).toBe(true);
    expect(shown.effects).toEqual([{ type: 'typing', isTyping: true }]);
    const hidden = reduce(shown.state, typing('agent', false));
    expect(hidden.state.typing).toBe(false);
    expect(hidden.effects).toEqual([{ type: 'typing', isTyping: false }]);
  });

  it('drops a draft the bot stopped typing without completing, but keeps it when an agent stops', () => {
    const drafting = reduce(thread(), delta('Let me check')).state;
    expect(reduce(drafting, typing('agent', false)).state.drafts).toHaveLength(1);
    expect(reduce(drafting, typing('bot', true)).state.drafts).toHaveLength(1);
    expect(reduce(drafting, typing('bot', false)).state.drafts).toEqual([]);
  });

  it("ignores the visitor's own typing echoed back and typing in other conversations", () => {
    expectIgnored(thread(), typing('visitor', true));
    expectIgnored(thread(), typing('agent', true, 'c0'));
  });
});

describe('reduce: reset', () => {
  it('asks to load the panel again, changing nothing itself: the stream skipped what happened meanwhile', () => {
    const before = thread({ messages: [message(1, 'agent')] });
    const { state, effects } = reduce(before, { id: 900, type: 'reset' });
    expect(state).toBe(before);
    expect(effects).toEqual([{ type: 'resync' }]);
  });
});
