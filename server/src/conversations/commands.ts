import { and, eq, sql } from 'drizzle-orm';
import type { AuthorType, ChangedBy, ConversationChanges, ConversationStatus, Message, MessageMeta } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { newId } from '../db/ids';
import type { Db } from '../db/store';
import { preparedFor } from '../db/prepared';
import { agentAvatars, agents, conversations } from '../db/tables';
import { avatarUrl } from '../avatars/avatars';
import { appendEvent, commitAndPublish, type LoggedEvent } from '../realtime/event-log';
import { writeMessage, type ConversationBefore, type MessageWrite } from '../db/message-write';
import { notFound } from '../http/errors';
import { toConversation, toMessage } from './mappers';
import { messageByClientId } from './queries';
import type { VisitorRow, ConversationRow } from '../db/rows';

/*
 * Every write runs in commitAndPublish's transaction, and every statement in it through that
 * transaction's `tx` (helpers take `{ ...deps, db: tx }`). The statements below are prepared
 * once per connection: this is the hot path of every message.
 */
const ph = sql.placeholder;
export const conversationById = preparedFor('conversationById', (db) =>
  db
    .select()
    .from(conversations)
    .where(eq(conversations.id, ph('id'))),
);
// A message that changes the status never leaves it resolved or waiting on the customer
// (statusAfterVisitorMessage); a resolved ticket it reopens counts a reopen.
const statusAfterMessage = preparedFor('statusAfterMessage', (db) =>
  db
    .update(conversations)
    .set({
      status: sql`${ph('status')}`,
      resolvedAt: null,
      pendingSince: null,
      reopens: sql`${conversations.reopens} + case when ${conversations.status} = 'resolved' then 1 else 0 end`,
    })
    .where(eq(conversations.id, ph('id')))
    .returning(),
);

const CHANGE_FIELDS = ['status', 'kind', 'assigneeId', 'priority', 'rating', 'ratingComment'] as const;

/** The announced fields `before` had and `row` changed: only those `before` was read with. */
function changesBetween(before: Partial<ConversationRow>, row: ConversationRow): ConversationChanges {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of CHANGE_FIELDS) if (field in before && before[field] !== row[field]) changes[field] = { from: before[field], to: row[field] };
  return changes as ConversationChanges;
}

/** The conversation's event; without `before`, the one that created it. */
export function conversationEvent(db: Db, row: ConversationRow, by: ChangedBy, before?: Partial<ConversationRow>): LoggedEvent {
  const { lastMessage: _omit, ...conversation } = toConversation(row, null);
  const changes = before ? changesBetween(before, row) : null;
  return appendEvent(db, { siteId: row.siteId, visitorId: row.visitorId }, { type: 'conversation.updated', conversationId: row.id, conversation, by, changes });
}

/** Who changed it, for a change the visitor made. */
export const byVisitor: ChangedBy = { type: 'visitor', agentId: null };

/** Idempotent on (visitor, clientId): a retried create returns the first conversation. */
export async function createConversation(deps: Deps, visitor: VisitorRow, clientId: string): Promise<{ conversation: ConversationRow; created: boolean }> {
  const byClientId = (tx: Db) =>
    tx
      .select()
      .from(conversations)
      .where(and(eq(conversations.visitorId, visitor.id), eq(conversations.clientId, clientId)))
      .limit(1);
  const done = await commitAndPublish(deps, async (tx) => {
    const [existing] = await byClientId(tx);
    if (existing) return { conversation: existing, created: false, logged: [] };
    // A retry racing the first create on another connection (PostgreSQL) inserts nothing.
    const [row] = await tx
      .insert(conversations)
      .values({ id: newId('c'), siteId: visitor.siteId, visitorId: visitor.id, clientId })
      .onConflictDoNothing()
      .returning();
    if (!row) return { conversation: (await byClientId(tx))[0]!, created: false, logged: [] };
    return { conversation: row, created: true, logged: [conversationEvent(tx, row, byVisitor)] };
  });
  return done!;
}

/**
 * What a new message does to its conversation's status (docs/spec.md §5 lifecycle): a
 * resolved conversation or a ticket waiting on the customer goes back to its agent, else a
 * ticket to the team's queue and a chat to the bot.
 */
function statusAfterVisitorMessage(row: ConversationBefore): ConversationStatus {
  if (row.status === 'resolved' || row.status === 'pending') return row.assigneeId ? 'open' : row.kind === 'ticket' ? 'queued' : 'bot';
  if (row.status === 'snoozed') return 'open';
  return row.status;
}

/**
 * A visitor wrote to a closed ticket: nothing was stored, and the caller opens a new ticket
 * linked to it for the message (tickets/follow-up.ts). Thrown from inside the write, so a send
 * to any other conversation pays no extra read for it.
 */
export class ClosedTicket extends Error {
  constructor(readonly conversationId: string) {
    super(`ticket ${conversationId} is closed`);
  }
}

export interface NewMessage {
  conversationId: string;
  /** Only into this visitor's conversation: a visitor's own send. */
  visitorId?: string;
  authorType: AuthorType;
  body: string;
  clientId?: string | null;
  authorAgentId?: string | null;
  meta?: MessageMeta;
  internal?: boolean;
}

/** What writeMessage stores for `m`, sent now. */
function messageWrite(m: NewMessage): MessageWrite {
  const now = new Date();
  const row = {
    conversationId: m.conversationId,
    clientId: m.clientId ?? null,
    authorType: m.authorType,
    authorAgentId: m.authorAgentId ?? null,
    body: m.body,
    meta: m.meta ?? {},
    internal: m.internal ?? false,
    createdAt: now,
  };
  return { row, visitorId: m.visitorId ?? null, firstResponseAt: m.authorType === 'agent' && !row.internal ? now : null };
}

/**
 * Stores a message with its event (writeMessage) and moves the conversation's status as the
 * message does. Undefined when there is no such conversation (or not the visitor's);
 * `written` undefined when a send already stored (its client id taken) is retried. `write` is
 * the one commitAndPublish was told of, when it was.
 */
export async function insertMessage(
  { db, config }: Deps,
  m: NewMessage,
  write = messageWrite(m),
): Promise<{ written?: { message: Message; logged: LoggedEvent[] } } | undefined> {
  const { row } = write;
  const author = row.authorAgentId
    ? (
        await db
          .select({ name: agents.name, avatarHash: agentAvatars.hash })
          .from(agents)
          .leftJoin(agentAvatars, eq(agentAvatars.agentId, agents.id))
          .where(eq(agents.id, row.authorAgentId))
          .limit(1)
      )[0]
    : undefined;
  const written = await writeMessage(db, write);
  const before = written.conversation;
  if (!before) return undefined;
  // Thrown before anything commits: the transaction takes the message back.
  if (m.authorType === 'visitor' && before.status === 'closed') throw new ClosedTicket(m.conversationId);
  if (written.messageId === undefined) return {};
  const message = toMessage(
    { ...row, id: written.messageId },
    { name: author?.name ?? null, avatarUrl: avatarUrl(config.PUBLIC_URL, row.authorAgentId, author?.avatarHash) },
  );
  const scope = { ...before, audience: row.internal ? ('agents' as const) : ('all' as const) };
  const logged = [appendEvent(db, scope, { type: 'message.created', conversationId: row.conversationId, message })];

  const status = m.authorType === 'visitor' ? statusAfterVisitorMessage(before) : before.status;
  if (status !== before.status) {
    const [updated] = await statusAfterMessage(db).execute({ id: row.conversationId, status });
    logged.push(conversationEvent(db, updated!, { type: m.authorType, agentId: m.authorAgentId ?? null }, before));
  }
  return { written: { message, logged } };
}

/**
 * Stores a visitor's message exactly once per (conversation, clientId): a retry after a lost
 * response gets the stored message back with `created: false` and nothing is written.
 * `meta` says how it came (an emailed reply's `channel`), never what the visitor claims.
 * A conversation that is not this visitor's is a 404, and nothing is written.
 */
export async function postVisitorMessage(
  deps: Deps,
  conversation: Pick<ConversationRow, 'id' | 'visitorId'>,
  clientId: string,
  body: string,
  meta?: MessageMeta,
): Promise<{ message: Message; created: boolean }> {
  const stored = async (tx: Db) => {
    const existing = await messageByClientId(tx, conversation.id, clientId);
    return existing && { message: toMessage(existing), created: false, logged: [] };
  };
  const m: NewMessage = { conversationId: conversation.id, visitorId: conversation.visitorId, authorType: 'visitor', body, clientId, meta };
  // Its first statement, which commitAndPublish may make with other visitors' (the hot path).
  const write = messageWrite(m);
  const done = await commitAndPublish(
    deps,
    async (tx) => {
      // The write finds the visitor's conversation itself, not the route: it then decides on the
      // conversation as it is (not as it was a moment ago), in the same statement on PostgreSQL.
      const inserted = await insertMessage({ ...deps, db: tx }, m, write);
      if (!inserted) throw notFound('Conversation');
      // A retry's insert meets the unique (conversation, clientId) key and writes nothing; only
      // then is the stored message looked up, so a first send costs no lookup (a round trip
      // on PostgreSQL).
      return inserted.written ? { ...inserted.written, created: true } : await stored(tx);
    },
    { message: write },
  );
  return done!;
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
export async function postServerMessage(deps: Deps, m: ServerMessage): Promise<Message> {
  const done = await commitAndPublish(deps, async (tx) => {
    const inserted = await insertMessage({ ...deps, db: tx }, m);
    if (!inserted) throw new Error(`conversation ${m.conversationId} does not exist`);
    return inserted.written;
  });
  // An agent's send whose client id was taken meanwhile: the caller looks it up (ServerMessage).
  if (!done) throw new Error(`message ${m.clientId} in ${m.conversationId} was stored by another request`);
  return done.message;
}
