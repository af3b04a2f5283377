import type { BotDeltaEvent, Message } from '@parley/protocol';

/** A message typed here that the server has not confirmed yet. */
export interface Pending {
  clientId: string;
  body: string;
  /** null: the conversation this message starts has not been created yet. */
  conversationId: string | null;
  createdAt: string;
  failed?: boolean;
}

/**
 * A bot answer still being written (streamed providers): the pieces so far, for the visitor
 * message it answers. The final message (same `meta.replyTo`) or the bot's "stopped typing"
 * takes its place.
 */
export interface Draft {
  conversationId: string;
  replyTo: number;
  text: string;
}

export type Delivery = 'sending' | 'sent' | 'failed' | 'streaming';

/** One row of the conversation view. */
export interface Entry {
  key: string;
  message: Message;
  delivery: Delivery;
}

/** Adds or replaces a server message, keeping the list ordered by id. */
export function upsert(list: readonly Message[], m: Message): Message[] {
  const out = list.filter((x) => x.id !== m.id);
  out.push(m);
  return out.sort((a, b) => a.id - b.id);
}

/** Appends a streamed piece to its draft, starting one on the first piece. */
export function grow(drafts: readonly Draft[], e: BotDeltaEvent): Draft[] {
  const draft = drafts.find((d) => d.replyTo === e.replyTo);
  if (!draft) return [...drafts, { conversationId: e.conversationId, replyTo: e.replyTo, text: e.text }];
  return drafts.map((d) => (d === draft ? { ...d, text: d.text + e.text } : d));
}

/** Drops the draft a stored message completes. */
export function settle(drafts: readonly Draft[], m: Message): Draft[] {
  return drafts.filter((d) => d.replyTo !== m.meta.replyTo);
}

// The model cites articles as [art_…]; the final message has the markers removed, and so
// does the draft, including one still being written at its end.
const CITATION = /\s?\[art_[A-Za-z0-9]*(\]|$)|\s?\[(a(r(t)?)?)?$/g;

/** Server messages, then drafts of bot answers, then local messages the server has not echoed back yet. */
export function timeline(messages: readonly Message[], pending: readonly Pending[], drafts: readonly Draft[] = []): Entry[] {
  const confirmed = new Set(messages.map((m) => m.clientId).filter(Boolean));
  const entries: Entry[] = messages.map((m) => ({ key: m.clientId ?? `m${m.id}`, message: m, delivery: 'sent' }));
  for (const d of drafts) {
    entries.push({
      key: `d${d.replyTo}`,
      delivery: 'streaming',
      message: { id: 0, conversationId: d.conversationId, clientId: null, author: { type: 'bot', name: null, avatarUrl: null }, body: d.text.replace(CITATION, ''), meta: {}, createdAt: '' },
    });
  }
  for (const p of pending) {
    if (confirmed.has(p.clientId)) continue;
    entries.push({
      key: p.clientId,
      delivery: p.failed ? 'failed' : 'sending',
      message: {
        id: 0,
        conversationId: p.conversationId ?? '',
        clientId: p.clientId,
        author: { type: 'visitor', name: null, avatarUrl: null },
        body: p.body,
        meta: {},
        createdAt: p.createdAt,
      },
    });
  }
  return entries;
}
