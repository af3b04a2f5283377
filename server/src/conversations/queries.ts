import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import type { Conversation, ConversationKind, Message } from '@parley/protocol';
import type { Deps } from '../core/deps';
import type { Db } from '../db/store';
import { agentAvatars, agents, conversations, messages } from '../db/tables';
import { preparedFor } from '../db/prepared';
import { requireVisitor, type WidgetEnv } from '../auth/visitor-auth';
import { notFound } from '../http/errors';
import { authorInfo, toConversation, toMessage } from './mappers';
import type { ConversationRow, MessageRow, SiteRow, VisitorRow } from '../db/rows';

type Reader = Pick<Deps, 'db' | 'config'>;

/** Messages with their author's name and avatar. */
export const withAuthors = (db: Db) =>
  db
    .select({ message: messages, name: agents.name, avatarHash: agentAvatars.hash })
    .from(messages)
    .leftJoin(agents, eq(agents.id, messages.authorAgentId))
    .leftJoin(agentAvatars, eq(agentAvatars.agentId, messages.authorAgentId));

const byClientId = preparedFor('messageByClientId', (db) =>
  db
    .select()
    .from(messages)
    .where(and(eq(messages.conversationId, sql.placeholder('conversationId')), eq(messages.clientId, sql.placeholder('clientId')))),
);

/** The message a send with this client id stored in the conversation, if one did: what a retried send answers. */
export async function messageByClientId(db: Db, conversationId: string, clientId: string): Promise<MessageRow | undefined> {
  return (await byClientId(db).execute({ conversationId, clientId }))[0];
}

/** The visitor's own conversation, or undefined: another visitor's id looks like a missing one. */
const visitorConversation = preparedFor('visitorConversation', (db) =>
  db
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, sql.placeholder('id')), eq(conversations.visitorId, sql.placeholder('visitorId')))),
);

export async function findVisitorConversation(db: Db, visitorId: string, id: string): Promise<ConversationRow | undefined> {
  return (await visitorConversation(db).execute({ id, visitorId }))[0];
}

/** The request's visitor, their site and their conversation `id`; a 404 when it is not theirs. */
export async function ownConversation(
  c: Context<WidgetEnv>,
  db: Db,
  id: string,
): Promise<{ conversation: ConversationRow; visitor: VisitorRow; site: SiteRow }> {
  const { visitor, site } = requireVisitor(c);
  const conversation = await findVisitorConversation(db, visitor.id, id);
  if (!conversation) throw notFound('Conversation');
  return { conversation, visitor, site };
}

/** Messages the visitor may see (never internal notes), oldest first, after a message id. */
export async function visibleMessages({ db, config }: Reader, conversationId: string, afterId: number, limit: number): Promise<Message[]> {
  return (
    await withAuthors(db)
      .where(and(eq(messages.conversationId, conversationId), eq(messages.internal, false), gt(messages.id, afterId)))
      .orderBy(asc(messages.id))
      .limit(limit)
  ).map((r) => toMessage(r.message, authorInfo(config.PUBLIC_URL, r.message, r)));
}

async function lastVisibleMessage({ db, config }: Reader, conversationId: string): Promise<Message | null> {
  const r = (
    await withAuthors(db)
      .where(and(eq(messages.conversationId, conversationId), eq(messages.internal, false)))
      .orderBy(desc(messages.id))
      .limit(1)
  )[0];
  return r ? toMessage(r.message, authorInfo(config.PUBLIC_URL, r.message, r)) : null;
}

export async function visitorConversations(deps: Reader, visitorId: string, kind?: ConversationKind): Promise<Conversation[]> {
  const rows = await deps.db
    .select()
    .from(conversations)
    .where(and(eq(conversations.visitorId, visitorId), kind && eq(conversations.kind, kind)))
    .orderBy(desc(conversations.updatedAt), desc(conversations.id))
    .limit(100);
  return Promise.all(rows.map(async (row) => toConversation(row, await lastVisibleMessage(deps, row.id))));
}
