import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import type { BotDeltaEvent, Message } from '@parley/protocol';
import type { Chat } from './chat';
import { en } from './i18n';
import type { ChatState } from './state';
import { Store } from './store';
import { grow, settle, timeline, type Draft } from './timeline';
import { ChatContext } from './ui/context';
import { Messages } from './ui/Messages';

const delta = (text: string, replyTo = 7): BotDeltaEvent => ({ type: 'bot.delta', conversationId: 'c1', replyTo, text });
const message = (id: number, author: 'visitor' | 'bot', body: string, replyTo?: number): Message => ({
  id,
  conversationId: 'c1',
  clientId: author === 'visitor' ? `m-${id}` : null,
  author: { type: author, name: null, avatarUrl: null },
  body,
  meta: replyTo ? { kind: 'answer', replyTo, askFeedback: true } : {},
  createdAt: '2026-01-01T10:00:00.000Z',
});
const question = message(7, 'visitor', 'How do refunds work?');
const answer = message(8, 'bot', 'Refunds take **5 days**.', 7);

describe('streamed bot answers (state)', () => {
  it('grows one draft per answered message, and the stored answer settles it', () => {
    let drafts: Draft[] = [];
    for (const piece of ['Refunds ', 'take **5 ', 'days**.']) drafts = grow(drafts, delta(piece));
    drafts = grow(drafts, delta('Other', 9));
    expect(drafts.map((d) => [d.replyTo, d.text])).toEqual([
      [7, 'Refunds take **5 days**.'],
      [9, 'Other'],
    ]);
    expect(settle(drafts, answer).map((d) => d.replyTo)).toEqual([9]);
    expect(settle(drafts, message(10, 'bot', 'Unrelated')).length).toBe(2);
  });

  it('shows the draft after the question, without citation markers, even half-written ones', () => {
    const drafts = grow([], delta('Within 5 days [art_abc123]. Shipping [art_x'));
    const entries = timeline([question], [], drafts);
    expect(entries.map((e) => [e.key, e.delivery, e.message.body])).toEqual([
      ['m-7', 'sent', 'How do refunds work?'],
      ['d7', 'streaming', 'Within 5 days. Shipping'],
    ]);
  });
});

describe('streamed bot answers (message list)', () => {
  function mount() {
    const state = new Store<ChatState>({
      strings: en, locale: 'en', open: true, view: 'chat', hasSession: true, conversations: [], queue: null, pending: [], typing: true,
      online: true, teaser: null, judged: [], rated: false, emailSaved: null, prefill: '', helpSession: '', consent: null, notice: null, error: null, drafts: [], messages: [question],
      current: { id: 'c1', status: 'bot' } as ChatState['current'],
    });
    const chat = { state, host: { config: { texts: { greeting: 'Hi!' } } } } as unknown as Chat;
    const el = document.createElement('div');
    act(() => render(<ChatContext.Provider value={chat}><Messages /></ChatContext.Provider>, el));
    const set = (patch: Partial<ChatState>) => act(() => state.set(patch));
    const bots = () => [...el.querySelectorAll('.p-bot:not(.p-greeting):not(.p-typing)')];
    return { el, state, set, bots };
  }

  it('grows a bubble hidden from the live region, then shows the stored answer once, in its place', () => {
    const { el, state, set, bots } = mount();
    expect(el.querySelector('.p-typing')).not.toBeNull();

    set({ drafts: grow([], delta('Refunds take **5')), typing: false });
    expect(el.querySelector('.p-typing')).toBeNull();
    expect(bots()).toHaveLength(1);
    expect(bots()[0]!.getAttribute('aria-hidden')).toBe('true');
    expect(bots()[0]!.querySelector('.p-bubble')!.textContent).toBe('Refunds take **5');

    set({ drafts: grow(state.get().drafts, delta(' days**.')) });
    expect(bots()[0]!.querySelector('strong')?.textContent).toBe('5 days');
    expect(bots()[0]!.querySelector('.p-feedback')).toBeNull();

    set({ messages: [question, answer], drafts: settle(state.get().drafts, answer) });
    expect(bots()).toHaveLength(1);
    expect(bots()[0]!.getAttribute('aria-hidden')).toBeNull();
    expect(bots()[0]!.querySelector('strong')?.textContent).toBe('5 days');
    expect(bots()[0]!.querySelector('.p-feedback')).not.toBeNull();
    expect(el.querySelector('.p-log')!.getAttribute('aria-live')).toBe('polite');
  });

  it('shows an answer the server gave locally like any answer: why is for the agents only', () => {
    const { el, set, bots } = mount();
    const local = { ...answer, meta: { ...answer.meta, localFallback: 'daily_limit' as const } };
    set({ messages: [question, local], typing: false });
    expect(bots()[0]!.querySelector('.p-bubble')!.textContent).toBe('Refunds take 5 days.');
    expect(el.textContent).not.toMatch(/daily|limit|locally|Claude/i);
  });

  it('drops a draft that no stored answer completes', () => {
    const { set, bots } = mount();
    set({ drafts: grow([], delta('Let me check')), typing: false });
    expect(bots()).toHaveLength(1);
    set({ drafts: [] });
    expect(bots()).toHaveLength(0);
  });
});
