import { and, eq } from 'drizzle-orm';
import type { AuthorType, ChangedBy, ConversationStatus, Message, MessageMeta } from '@parley/protocol';
import type { AppDeps } from '../app-deps';
import { newId } from '../auth/tokens';
import { agents, conversations, messages } from '../db/schema';
import { appendEvent, type LoggedEvent } from '../realtime/event-log';
import { toConversation, toMessage, type ConversationRow } from './mappers';
import type { VisitorRow } from '../visitors/visitor-auth';

type Deps = Pick<AppDeps, 'db' | 'bus'>;
type Tx = Parameters<Parameters<Deps['db']['transaction']>[0]>[0];

function publish(deps: Deps, logged: readonly LoggedEvent[]) {
  for (const l of logged) deps.bus.publish(l.topics, l.event);
}

function conversationEvent(tx: Tx, row: ConversationRow, by: ChangedBy): LoggedEvent {
  const { lastMessage: _omit, ...conversation } = toConversation(row, null);
  return appendEvent(
    tx,
    { siteId: row.siteId, visitorId: row.visitorId },
    { type: 'conversation.updated', conversationId: row.id, conversation, by },
  );
}

const byVisitor: ChangedBy = { type: 'visitor', agentId: null };

/** Idempotent on (visitor, clientId): a retried create returns the first conversation. */
export function createConversation(deps: Deps, visitor: VisitorRow, clientId: string): { conversation: ConversationRow; created: boolean } {
  const { db } = deps;
  const result = db.transaction((tx) => {
    const existing = tx
      .select()
      .from(conversations)
      .where(and(eq(conversations.visitorId, visitor.id), eq(conversations.clientId, clientId)))
      .get();
    if (existing) return { conversation: existing, created: false, logged: [] };
    const row = tx
      .insert(conversations)
      .values({ id: newId('c'), siteId: visitor.siteId, visitorId: visitor.id, clientId })
      .returning()
      .get();
    return { conversation: row, created: true, logged: [conversationEvent(tx, row, byVisitor)] };
  }, { behavior: 'immediate' });
  publish(deps, result.logged);
  return result;
}

/** What a new message does to its conversation's status (SPEC §5 lifecycle). */
function statusAfterVisitorMessage(row: ConversationRow): ConversationStatus {
  if (row.status === 'resolved') return row.assigneeId ? 'open' : 'bot';
  if (row.status === 'snoozed') return 'open';
  return row.status;
}

interface NewMessage {
  conversation: ConversationRow;
  authorType: AuthorType;
  body: string;
  clientId?: string | null;
  authorAgentId?: string | null;
  meta?: MessageMeta;
  internal?: boolean;
}

function insertMessage(tx: Tx, m: NewMessage): { message: Message; logged: LoggedEvent[] } {
  const now = new Date();
  const row = tx
    .insert(messages)
    .values({
      conversationId: m.conversation.id,
      clientId: m.clientId ?? null,
      authorType: m.authorType,
      authorAgentId: m.authorAgentId ?? null,
      body: m.body,
      meta: m.meta ?? {},
      internal: m.internal ?? false,
      createdAt: now,
    })
    .returning()
    .get();
  const agentName = row.authorAgentId
    ? (tx.select({ name: agents.name }).from(agents).where(eq(agents.id, row.authorAgentId)).get()?.name ?? null)
    : null;
  const message = toMessage(row, { name: agentName, avatarUrl: null });
  const scope = {
    siteId: m.conversation.siteId,
    visitorId: m.conversation.visitorId,
    audience: row.internal ? ('agents' as const) : ('all' as const),
  };
  const logged = [appendEvent(tx, scope, { type: 'message.created', conversationId: row.conversationId, message })];

  const status = m.authorType === 'visitor' ? statusAfterVisitorMessage(m.conversation) : m.conversation.status;
  const firstResponse = m.authorType === 'agent' && !row.internal && !m.conversation.firstResponseAt;
  const updated = tx
    .update(conversations)
    .set({
      updatedAt: now,
      status,
      ...(firstResponse ? { firstResponseAt: now } : {}),
      ...(status !== 'resolved' && m.conversation.status === 'resolved' ? { resolvedAt: null } : {}),
    })
    .where(eq(conversations.id, m.conversation.id))
    .returning()
    .get();
  if (updated.status !== m.conversation.status) {
    logged.push(conversationEvent(tx, updated, { type: m.authorType, agentId: m.authorAgentId ?? null }));
  }
  return { message, logged };
}

/**
 * Stores a visitor's message exactly once per (conversation, clientId): a retry after a lost
 * response gets the stored message back with `created: false` and nothing is written.
 */
export function postVisitorMessage(
  deps: Deps,
  conversation: ConversationRow,
  clientId: string,
  body: string,
): { message: Message; created: boolean } {
  const result = deps.db.transaction((tx) => {
    const existing = tx
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, conversation.id), eq(messages.clientId, clientId)))
      .get();
    if (existing) return { message: toMessage(existing), created: false, logged: [] };
    // Re-read inside the transaction: the row the route loaded may be stale by now.
    const fresh = tx.select().from(conversations).where(eq(conversations.id, conversation.id)).get() ?? conversation;
    const { message, logged } = insertMessage(tx, { conversation: fresh, authorType: 'visitor', body, clientId });
    return { message, created: true, logged };
  }, { behavior: 'immediate' });
  publish(deps, result.logged);
  return result;
}

export interface ServerMessage {
  conversationId: string;
  authorType: Exclude<AuthorType, 'visitor'>;
  body: string;
  authorAgentId?: string;
  meta?: MessageMeta;
  /** A private note: stored and shown to agents, never sent to the visitor. */
  internal?: boolean;
}

/** Posts a bot, agent or system message (server-internal: the bot, the inbox, tests). */
export function postServerMessage(deps: Deps, m: ServerMessage): Message {
  const result = deps.db.transaction((tx) => {
    const conversation = tx.select().from(conversations).where(eq(conversations.id, m.conversationId)).get();
    if (!conversation) throw new Error(`conversation ${m.conversationId} does not exist`);
    return insertMessage(tx, { ...m, conversation });
  }, { behavior: 'immediate' });
  publish(deps, result.logged);
  return result.message;
}

/** The fields of a conversation that lifecycle changes touch. */
export type ConversationPatch = Partial<
  Pick<ConversationRow, 'status' | 'assigneeId' | 'priority' | 'category' | 'sentiment' | 'language'>
>;

/**
 * Changes a conversation (status, assignee, triage) and logs who did it, in one transaction;
 * with `systemMessage`, the visitor also sees a line like "Ada joined the conversation".
 * Returns undefined when the conversation does not exist.
 */
export function changeConversation(
  deps: Deps,
  conversationId: string,
  patch: ConversationPatch,
  by: ChangedBy,
  systemMessage?: string,
): ConversationRow | undefined {
  const result = deps.db.transaction((tx) => {
    const before = tx.select().from(conversations).where(eq(conversations.id, conversationId)).get();
    if (!before) return undefined;
    const now = new Date();
    const resolving = patch.status === 'resolved' && before.status !== 'resolved';
    const reopening = patch.status !== undefined && patch.status !== 'resolved' && before.status === 'resolved';
    const row = tx
      .update(conversations)
      .set({ ...patch, updatedAt: now, ...(resolving ? { resolvedAt: now } : {}), ...(reopening ? { resolvedAt: null } : {}) })
      .where(eq(conversations.id, conversationId))
      .returning()
      .get();
    const logged = [conversationEvent(tx, row, by)];
    if (systemMessage) logged.push(...insertMessage(tx, { conversation: row, authorType: 'system', body: systemMessage }).logged);
    return { row, logged };
  }, { behavior: 'immediate' });
  if (!result) return undefined;
  publish(deps, result.logged);
  return result.row;
}
