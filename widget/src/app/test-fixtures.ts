import type { Conversation, ConversationStatus } from '@parley/protocol';

/* Data for the app's unit tests (product code never imports this file). */

export const conversation = (id = 'c1', status: ConversationStatus = 'bot'): Conversation => ({
  id,
  kind: 'chat',
  subject: null,
  reference: null,
  status,
  createdAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-01T10:00:00.000Z',
  lastMessage: null,
  rating: null,
  visitorLastReadId: null,
  agentLastReadId: null,
});
