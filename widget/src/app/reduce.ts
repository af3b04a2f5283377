import type { Message, VisitorStreamEvent } from '@parley/protocol';
import type { ChatState } from './state';
import { grow, settle, upsert } from './timeline';

/** The part of the chat state that stream events change. */
export type Thread = Pick<ChatState, 'conversations' | 'current' | 'messages' | 'drafts' | 'typing'>;

/**
 * What an event asks for beyond the new state. Plain data, so the reducer stays pure and a
 * test reads them; the facade carries them out.
 */
export type Effect =
  /** For the page's `Parley('on', 'message', …)` listeners. */
  | { type: 'emit'; message: Message }
  /** The server has stored this outbox message. */
  | { type: 'delivered'; clientId: string }
  /** The agent or bot wrote in the current conversation: it counts for the badge unless the visitor is looking. */
  | { type: 'unread' }
  | { type: 'markRead' }
  /** A message arrived in a conversation the list does not know. */
  | { type: 'refreshList' }
  /** The current conversation moved into or out of the queue. */
  | { type: 'watchQueue' }
  /** The agent or bot started or stopped typing: the dots' timeout starts or ends. */
  | { type: 'typing'; isTyping: boolean }
  /** The stream skipped what happened meanwhile (a reset): load again what the panel shows. */
  | { type: 'resync' };

/** Applies one stream event. An event that changes nothing returns the very same state. */
export function reduce<S extends Thread>(s: S, e: VisitorStreamEvent): { state: S; effects: Effect[] } {
  // About the stream, not a conversation (stream.ts keeps `stream.replaced` to itself).
  if (!('conversationId' in e)) return { state: s, effects: e.type === 'reset' ? [{ type: 'resync' }] : [] };
  const { current } = s;
  const here = current?.id === e.conversationId;
  switch (e.type) {
    case 'typing':
      if (!here || e.author === 'visitor') break;
      return {
        // The bot stops typing once its answer is stored, or when it gave up on one: then a
        // draft left over will not be completed.
        state: { ...s, typing: e.isTyping, drafts: e.isTyping || e.author !== 'bot' ? s.drafts : [] },
        effects: [{ type: 'typing', isTyping: e.isTyping }],
      };
    case 'bot.delta':
      // The growing bubble takes the typing indicator's place.
      if (here) return { state: { ...s, drafts: grow(s.drafts, e), typing: false }, effects: [] };
      break;
    case 'conversation.read':
      if (here && e.reader === 'agent') return { state: { ...s, current: { ...current, agentLastReadId: e.lastReadId } }, effects: [] };
      break;
    case 'conversation.updated': {
      const next = here ? { ...current, ...e.conversation } : current;
      return {
        state: { ...s, current: next, conversations: s.conversations.map((c) => (c.id === e.conversationId ? { ...c, ...e.conversation } : c)) },
        // Each look restarts the poll: only a move into or out of the queue calls for one.
        effects: next?.status === current?.status ? [] : [{ type: 'watchQueue' }],
      };
    }
    case 'message.created': {
      const m = e.message;
      const effects: Effect[] = [{ type: 'emit', message: m }];
      if (m.conversationId !== current?.id) {
        if (!s.conversations.some((c) => c.id === m.conversationId)) effects.push({ type: 'refreshList' });
        return { state: s, effects };
      }
      const fromOthers = m.author.type !== 'visitor';
      if (m.clientId) effects.push({ type: 'delivered', clientId: m.clientId });
      if (fromOthers) effects.push({ type: 'unread' });
      effects.push({ type: 'markRead' });
      return { state: { ...s, messages: upsert(s.messages, m), drafts: settle(s.drafts, m), typing: fromOthers ? false : s.typing }, effects };
    }
  }
  return { state: s, effects: [] };
}
