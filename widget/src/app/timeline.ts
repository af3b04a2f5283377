import type { Message } from '@parley/protocol';

/** A message typed here that the server has not confirmed yet. */
export interface Pending {
  clientId: string;
  body: string;
  /** null: the conversation this message starts has not been created yet. */
  conversationId: string | null;
  createdAt: string;
  failed?: boolean;
}

export type Delivery = 'sending' | 'sent' | 'failed';

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

/** Server messages first, then local ones the server has not echoed back yet. */
export function timeline(messages: readonly Message[], pending: readonly Pending[]): Entry[] {
  const confirmed = new Set(messages.map((m) => m.clientId).filter(Boolean));
  const entries: Entry[] = messages.map((m) => ({ key: m.clientId ?? `m${m.id}`, message: m, delivery: 'sent' }));
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
