import type { ConversationRow, MessageRow } from '../db/rows';
import type { Conversation, Message } from '@parley/protocol';
import { avatarUrl } from '../avatars/avatars';

export interface AuthorInfo {
  name: string | null;
  avatarUrl: string | null;
}

const noAuthor: AuthorInfo = { name: null, avatarUrl: null };

/** The author of a message as queries select it: the writing agent's name and avatar hash, if any. */
export function authorInfo(publicUrl: string, row: MessageRow, agent: { name: string | null; avatarHash: string | null }): AuthorInfo {
  return { name: agent.name, avatarUrl: avatarUrl(publicUrl, row.authorAgentId, agent.avatarHash) };
}

export function toMessage(row: MessageRow, author: AuthorInfo = noAuthor): Message {
  return {
    id: row.id,
    conversationId: row.conversationId,
    clientId: row.clientId,
    author: { type: row.authorType, name: author.name, avatarUrl: author.avatarUrl },
    body: row.body,
    meta: row.meta,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toConversation(row: ConversationRow, lastMessage: Message | null): Conversation {
  return {
    id: row.id,
    kind: row.kind,
    subject: row.subject,
    reference: row.reference,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    lastMessage,
    rating: row.rating,
    visitorLastReadId: row.visitorLastReadId,
    agentLastReadId: row.agentLastReadId,
  };
}
