import type { InboxConversation, InboxMessage, Me } from '@parley/protocol';

const T = '2026-01-01T00:00:00.000Z';

/** The agent signed in, for the inbox's tests. */
export const me: Me = { id: 'a1', accountId: 'acc1', email: 'ada@example.com', name: 'Ada', role: 'agent', languages: [], skills: [], maxChats: 5, presence: 'online', avatarUrl: null };

/** An open chat with Grace, assigned to the agent. */
export const chat: InboxConversation = {
  id: 'c1',
  site: { id: 's1', name: 'Shop' },
  kind: 'chat',
  subject: null,
  reference: null,
  followsUp: null,
  status: 'open',
  channel: 'widget',
  whatsapp: null,
  assignee: { id: 'a1', name: 'Ada' },
  priority: null,
  category: null,
  sentiment: null,
  language: null,
  visitor: { id: 'v1', name: 'Grace', email: null },
  lastMessage: null,
  unread: 0,
  rating: null,
  emailFollowUp: false,
  createdAt: T,
  updatedAt: T,
  queuedAt: null,
  firstResponseAt: null,
  resolvedAt: null,
  snoozedUntil: null,
  firstResponseDueAt: null,
  resolutionDueAt: null,
  sla: { firstResponse: 'none', resolution: 'none' },
};

/** A ticket from Linus, with a subject that is text, not markup. */
export const ticket: InboxConversation = { ...chat, id: 'c2', kind: 'ticket', subject: 'Refund for order <77>', reference: 1042, visitor: { id: 'v2', name: 'Linus', email: null } };

/** A chat with a customer who wrote to the site's WhatsApp number. */
export const whatsappChat: InboxConversation = {
  ...chat,
  id: 'c3',
  channel: 'whatsapp',
  whatsapp: { channelId: 'wa_1', phone: '+1 555 0100' },
  visitor: { id: 'v3', name: 'Margaret', email: null },
};

/** A visitor's message in conversation `conversationId`, as the transcript gets it; spread over it for another author or delivery. */
export const visitorMessage = (conversationId: string, id: number, body: string, meta: InboxMessage['meta'] = {}): InboxMessage => ({
  id,
  conversationId,
  clientId: null,
  author: { type: 'visitor', name: null, avatarUrl: null },
  body,
  meta,
  internal: false,
  emailDelivery: null,
  whatsappDelivery: null,
  createdAt: T,
});
