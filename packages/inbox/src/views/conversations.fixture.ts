import type { InboxConversation, Me } from '@parley/protocol';

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
