import { and, eq, sql } from 'drizzle-orm';
import type { ConversationRow, MessageRow } from './rows';
import type { Db } from './store';
import { namedQuery, preparedFor } from './prepared';
import { isEngine } from './dialect';
import { conversations, messages } from './tables';

/*
 * The hot path of every message, as one storage-layer write: the message and the
 * conversation's bookkeeping (its event is appended with the transaction's others, last:
 * event-append.ts). On SQLite that is three statements (a statement costs no round trip
 * there); on PostgreSQL it is one, as every statement is a round trip to another process that
 * costs CPU on both sides of the socket (docs/benchmarks.md, "Message delivery on
 * PostgreSQL"). Both implementations answer store.contract.ts alike.
 */

const ph = sql.placeholder;

export interface MessageWrite {
  /** The message as stored, but for the id the write gives it. */
  row: Omit<MessageRow, 'id'>;
  /** Only into this visitor's conversation (a visitor's own send); null for any. */
  visitorId: string | null;
  /** The conversation's first response time, unless it has one already (null: leave it). */
  firstResponseAt: Date | null;
}

/** What a message write decides on: the conversation as it was before the write. */
export type ConversationBefore = Pick<ConversationRow, 'siteId' | 'visitorId' | 'status' | 'assigneeId' | 'kind'>;

export interface MessageWritten {
  /** Undefined when there is no such conversation (or it is not the visitor's): nothing written. */
  conversation?: ConversationBefore;
  /** Undefined when the message's client id was taken already (a retry): nothing written. */
  messageId?: number;
}

/**
 * Stores a message in its conversation and moves the conversation's
 * `updatedAt` to the message's time, its `firstResponseAt` as asked and, unless the
 * conversation is resolved or closed, clears `resolvedAt`. The status is the caller's to change.
 * Run it in the transaction that logs the message's event (commitAndPublish).
 */
export function writeMessage(db: Db, write: MessageWrite): Promise<MessageWritten> {
  return isEngine('postgres') ? writeOnPostgres(db, write) : writeStepByStep(db, write);
}

const conversationBefore = preparedFor('conversationBefore', (db) =>
  db
    .select({
      siteId: conversations.siteId,
      visitorId: conversations.visitorId,
      status: conversations.status,
      assigneeId: conversations.assigneeId,
      kind: conversations.kind,
    })
    .from(conversations)
    .where(and(eq(conversations.id, ph('id')), sql`(${ph('visitorId')} is null or ${conversations.visitorId} = ${ph('visitorId')})`)),
);

const insertMessageRow = preparedFor('insertMessageRow', (db) =>
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
    .onConflictDoNothing()
    .returning({ id: messages.id }),
);

const touchConversation = preparedFor('touchConversation', (db) =>
  db
    .update(conversations)
    // sql-wrapped placeholders skip the column encoders, which cannot take a null: bind
    // Dates, which each store hands its driver as it stores a timestamp.
    .set({
      updatedAt: sql`${ph('updatedAt')}`,
      firstResponseAt: sql`coalesce(${conversations.firstResponseAt}, ${ph('firstResponseAt')})`,
      resolvedAt: sql`case when ${conversations.status} in ('resolved', 'closed') then ${conversations.resolvedAt} end`,
    })
    .where(eq(conversations.id, ph('id'))),
);

async function writeStepByStep(db: Db, { row, visitorId, firstResponseAt }: MessageWrite): Promise<MessageWritten> {
  const [conversation] = await conversationBefore(db).execute({ id: row.conversationId, visitorId });
  if (!conversation) return {};
  const [message] = await insertMessageRow(db).execute(row);
  if (!message) return { conversation };
  await touchConversation(db).execute({ id: row.conversationId, updatedAt: row.createdAt, firstResponseAt });
  return { conversation, messageId: message.id };
}

/*
 * The same three steps as one statement. Data-modifying CTEs all see the snapshot the
 * statement started with, so `c` is the conversation as it was; the insert's AFTER trigger
 * (last message ids) runs once the statement is done, on the row `u` wrote.
 */
const WRITE_MESSAGE = `
with c as (
  select id, site_id, visitor_id, status, assignee_id, kind from conversations
  where id = $1 and ($2::text is null or visitor_id = $2)
), m as (
  insert into messages (conversation_id, client_id, author_type, author_agent_id, body, meta, internal, created_at)
  select c.id, $3::text, $4::text, $5::text, $6::text, $7::jsonb, $8::boolean, $9::timestamptz from c
  on conflict do nothing
  returning id
), u as (
  update conversations set
    updated_at = $9,
    first_response_at = coalesce(first_response_at, $10::timestamptz),
    resolved_at = case when status in ('resolved', 'closed') then resolved_at end
  from m where conversations.id = $1
)
select c.site_id as "siteId", c.visitor_id as "visitorId", c.status, c.assignee_id as "assigneeId", c.kind,
  (select id from m) as "messageId"
from c`;

interface WrittenRow extends ConversationBefore {
  messageId: number | null;
}

async function writeOnPostgres(db: Db, { row, visitorId, firstResponseAt }: MessageWrite): Promise<MessageWritten> {
  const [found] = await namedQuery<WrittenRow>(db, 'writeMessage', WRITE_MESSAGE, [
    row.conversationId,
    visitorId,
    row.clientId,
    row.authorType,
    row.authorAgentId,
    row.body,
    JSON.stringify(row.meta),
    row.internal,
    row.createdAt,
    firstResponseAt,
  ]);
  if (!found) return {};
  const { messageId, ...conversation } = found;
  return messageId === null ? { conversation } : { conversation, messageId };
}
