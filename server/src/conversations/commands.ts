import { and, eq, sql } from 'drizzle-orm';
import type { AuthorType, ChangedBy, ConversationStatus, Message, MessageMeta } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { newId } from '../db/ids';
import type { Db } from '../db/connection';
import { preparedFor } from '../db/prepared';
import { agentAvatars, agents, conversations, messages } from '../db/schema';
import { avatarUrl } from '../avatars/avatars';
import { appendEvent, commitAndPublish, type LoggedEvent } from '../realtime/event-log';
import { toConversation, toMessage } from './mappers';
import type { VisitorRow, ConversationRow } from '../db/rows';


/*
 * Every write runs in commitAndPublish's IMMEDIATE transaction on the one better-sqlite3
 * connection, so statements called on `db` (like the ones below, prepared once: this is the
 * hot path of every message) take part in it; drizzle's `tx` wrapper adds nothing here.
 */
const ph = sql.placeholder;
const conversationById = preparedFor((db) => db.select().from(conversations).where(eq(conversations.id, ph('id'))).prepare());
const messageByClientId = preparedFor((db) =>
  db
    .select()
    .from(messages)
    .where(and(eq(messages.conversationId, ph('conversationId')), eq(messages.clientId, ph('clientId'))))
    .prepare(),
);
const insertMessageRow = preparedFor((db) =>
  db
    .insert(messages)
    .values({
      conversationId: ph('conversationId'),
      clientId: ph('clientId'),
      authorType: ph('authorType'),
      authorAgentId: ph('authorAgentId'),
      body: ph('body'),
      meta: ph('meta'),
      internal: ph('internal'),
      createdAt: ph('createdAt'),
    })
    .returning()
    .prepare(),
);
const touchConversation = preparedFor((db) =>
  db
    .update(conversations)
    // sql-wrapped placeholders skip the column encoders: bind driver values (epoch ms).
    .set({
      updatedAt: sql`${ph('updatedAt')}`,
      status: sql`${ph('status')}`,
      firstResponseAt: sql`${ph('firstResponseAt')}`,
      resolvedAt: sql`${ph('resolvedAt')}`,
    })
    .where(eq(conversations.id, ph('id')))
    .returning()
    .prepare(),
);

function conversationEvent(db: Db, row: ConversationRow, by: ChangedBy): LoggedEvent {
  const { lastMessage: _omit, ...conversation } = toConversation(row, null);
  return appendEvent(
    db,
    { siteId: row.siteId, visitorId: row.visitorId },
    { type: 'conversation.updated', conversationId: row.id, conversation, by },
  );
}

/** Who changed it, for a change the visitor made. */
export const byVisitor: ChangedBy = { type: 'visitor', agentId: null };

/** Idempotent on (visitor, clientId): a retried create returns the first conversation. */
export function createConversation(deps: Deps, visitor: VisitorRow, clientId: string): { conversation: ConversationRow; created: boolean } {
  const { db } = deps;
  return commitAndPublish(deps, () => {
    const existing = db
      .select()
      .from(conversations)
      .where(and(eq(conversations.visitorId, visitor.id), eq(conversations.clientId, clientId)))
      .get();
    if (existing) return { conversation: existing, created: false, logged: [] };
    const row = db
      .insert(conversations)
      .values({ id: newId('c'), siteId: visitor.siteId, visitorId: visitor.id, clientId })
      .returning()
      .get();
    return { conversation: row, created: true, logged: [conversationEvent(db, row, byVisitor)] };
  })!;
}

/** What a new message does to its conversation's status (docs/spec.md §5 lifecycle). */
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

function insertMessage({ db, config }: Deps, m: NewMessage): { message: Message; logged: LoggedEvent[] } {
  const now = new Date();
  const row = insertMessageRow(db).get({
    conversationId: m.conversation.id,
    clientId: m.clientId ?? null,
    authorType: m.authorType,
    authorAgentId: m.authorAgentId ?? null,
    body: m.body,
    meta: m.meta ?? {},
    internal: m.internal ?? false,
    createdAt: now,
  })!;
  const author = row.authorAgentId
    ? db
        .select({ name: agents.name, avatarHash: agentAvatars.hash })
        .from(agents)
        .leftJoin(agentAvatars, eq(agentAvatars.agentId, agents.id))
        .where(eq(agents.id, row.authorAgentId))
        .get()
    : undefined;
  const message = toMessage(row, { name: author?.name ?? null, avatarUrl: avatarUrl(config.PUBLIC_URL, row.authorAgentId, author?.avatarHash) });
  const scope = {
    siteId: m.conversation.siteId,
    visitorId: m.conversation.visitorId,
    audience: row.internal ? ('agents' as const) : ('all' as const),
  };
  const logged = [appendEvent(db, scope, { type: 'message.created', conversationId: row.conversationId, message })];

  const before = m.conversation;
  const status = m.authorType === 'visitor' ? statusAfterVisitorMessage(before) : before.status;
  const firstResponse = m.authorType === 'agent' && !row.internal && !before.firstResponseAt;
  const updated = touchConversation(db).get({
    id: before.id,
    updatedAt: now.getTime(),
    status,
    firstResponseAt: (firstResponse ? now : before.firstResponseAt)?.getTime() ?? null,
    resolvedAt: (status === 'resolved' ? before.resolvedAt : null)?.getTime() ?? null,
  })!;
  if (updated.status !== before.status) {
    logged.push(conversationEvent(db, updated, { type: m.authorType, agentId: m.authorAgentId ?? null }));
  }
  return { message, logged };
}

/**
 * Stores a visitor's message exactly once per (conversation, clientId): a retry after a lost
 * response gets the stored message back with `created: false` and nothing is written.
 * `meta` says how it came (an emailed reply's `channel`), never what the visitor claims.
 */
export function postVisitorMessage(
  deps: Deps,
  conversation: ConversationRow,
  clientId: string,
  body: string,
  meta?: MessageMeta,
): { message: Message; created: boolean } {
  const { db } = deps;
  return commitAndPublish(deps, () => {
    const existing = messageByClientId(db).get({ conversationId: conversation.id, clientId });
    if (existing) return { message: toMessage(existing), created: false, logged: [] };
    // Re-read inside the transaction: the row the route loaded may be stale by now.
    const fresh = conversationById(db).get({ id: conversation.id }) ?? conversation;
    const { message, logged } = insertMessage(deps, { conversation: fresh, authorType: 'visitor', body, clientId, meta });
    return { message, created: true, logged };
  })!;
}

export interface ServerMessage {
  conversationId: string;
  authorType: Exclude<AuthorType, 'visitor'>;
  body: string;
  authorAgentId?: string;
  meta?: MessageMeta;
  /** A private note: stored and shown to agents, never sent to the visitor. */
  internal?: boolean;
  /** An agent's send carries the inbox's client id; the caller looks it up first on a retry. */
  clientId?: string;
}

/** Posts a bot, agent or system message (server-internal: the bot, the inbox, tests). */
export function postServerMessage(deps: Deps, m: ServerMessage): Message {
  const { db } = deps;
  return commitAndPublish(deps, () => {
    const conversation = conversationById(db).get({ id: m.conversationId });
    if (!conversation) throw new Error(`conversation ${m.conversationId} does not exist`);
    return insertMessage(deps, { ...m, conversation });
  })!.message;
}

/** The fields of a conversation that lifecycle changes touch. */
export type ConversationPatch = Partial<
  Pick<
    ConversationRow,
    | 'status'
    | 'assigneeId'
    | 'priority'
    | 'category'
    | 'sentiment'
    | 'language'
    | 'rating'
    | 'ratingComment'
    // routing and SLA bookkeeping (server/src/routing)
    | 'queuedAt'
    | 'firstResponseDueAt'
    | 'resolutionDueAt'
    | 'snoozedUntil'
    | 'emailFollowUp'
  >
>;

/** A private note for the agents, written with a change (a handoff's summary). */
export type AgentNote = Pick<ServerMessage, 'authorType' | 'body' | 'meta'>;

/** A line the visitor sees, like "Ada joined the conversation", in their language. */
export type SystemLine = Pick<ServerMessage, 'body' | 'meta'>;

export interface ChangeExtras {
  systemMessage?: SystemLine;
  /** Committed with the change or not at all: a handoff must never reach agents without its summary. */
  note?: AgentNote;
}

/**
 * Changes a conversation (status, assignee, triage) and logs who did it, in one transaction
 * with the optional note and system message (`extras`).
 * Returns undefined when the conversation does not exist.
 */
export function changeConversation(
  deps: Deps,
  conversationId: string,
  patch: ConversationPatch,
  by: ChangedBy,
  extras: ChangeExtras = {},
): ConversationRow | undefined {
  const { db } = deps;
  return commitAndPublish(deps, () => {
    const before = conversationById(db).get({ id: conversationId });
    if (!before) return undefined;
    const logged: LoggedEvent[] = [];
    if (extras.note) logged.push(...insertMessage(deps, { ...extras.note, conversation: before, internal: true }).logged);
    const now = new Date();
    const resolving = patch.status === 'resolved' && before.status !== 'resolved';
    const reopening = patch.status !== undefined && patch.status !== 'resolved' && before.status === 'resolved';
    const row = db
      .update(conversations)
      .set({ ...patch, updatedAt: now, ...(resolving ? { resolvedAt: now } : {}), ...(reopening ? { resolvedAt: null } : {}) })
      .where(eq(conversations.id, conversationId))
      .returning()
      .get();
    logged.push(conversationEvent(db, row, by));
    if (extras.systemMessage) logged.push(...insertMessage(deps, { ...extras.systemMessage, conversation: row, authorType: 'system' }).logged);
    return { row, logged };
  })?.row;
}
