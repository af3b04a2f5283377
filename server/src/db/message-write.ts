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
 * PostgreSQL"), and one for the messages of several conversations that share a transaction
 * (writeMessagesAhead). Both implementations answer hot-path.contract.ts alike.
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
export async function writeMessage(db: Db, write: MessageWrite): Promise<MessageWritten> {
  const ahead = writtenAhead.get(db);
  const done = ahead?.get(write);
  if (done) {
    ahead!.delete(write);
    return done;
  }
  return (await writeMessages(db, [write]))[0]!;
}

/** Per transaction, what writeMessagesAhead wrote, for the writeMessage of each write. */
const writtenAhead = new WeakMap<Db, Map<MessageWrite, MessageWritten>>();

/**
 * Writes the messages of several writes of one transaction at once, in their order, each in
 * a conversation of its own (commitAndPublish's batches: realtime/event-log.ts); the
 * writeMessage each write then makes, with the same object, answers what was written.
 */
export async function writeMessagesAhead(tx: Db, writes: readonly MessageWrite[]): Promise<void> {
  if (new Set(writes.map((w) => w.row.conversationId)).size < writes.length) throw new Error('writeMessagesAhead: one write per conversation');
  const results = await writeMessages(tx, writes);
  let ahead = writtenAhead.get(tx);
  if (!ahead) writtenAhead.set(tx, (ahead = new Map()));
  writes.forEach((w, i) => ahead.set(w, results[i]!));
}

async function writeMessages(db: Db, writes: readonly MessageWrite[]): Promise<MessageWritten[]> {
  if (isEngine('postgres')) return writeOnPostgres(db, writes);
  const out: MessageWritten[] = [];
  for (const w of writes) out.push(await writeStepByStep(db, w));
  return out;
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
 * The same three steps as one statement, for any number of writes (`w`, one row each, in
 * conversations that differ). Data-modifying CTEs all see the snapshot the statement started
 * with, so `c` is each conversation as it was; the insert takes its ids in the writes' order;
 * its AFTER trigger (last message ids) runs once the statement is done, on the rows `u` wrote.
 * The arrays are read through a materialized `p`, so the planner cannot count them: it then
 * expects as many rows whatever their number, and keeps one plan for the statement after a
 * few runs, where it would plan anew each run for the rows it was given (~0.3 ms every time;
 * docs/benchmarks.md).
 */
const WRITE_MESSAGES = `
with p as materialized (
  select $1::text[] as a1, $2::text[] as a2, $3::text[] as a3, $4::text[] as a4, $5::text[] as a5, $6::text[] as a6, $7::jsonb[] as a7,
    $8::boolean[] as a8, $9::timestamptz[] as a9, $10::timestamptz[] as a10
), w as (
  select w.* from p, unnest(a1, a2, a3, a4, a5, a6, a7, a8, a9, a10) with ordinality
    as w(conversation_id, visitor_id, client_id, author_type, author_agent_id, body, meta, internal, created_at, first_response_at, n)
), c as (
  select w.n, conversations.id, site_id, conversations.visitor_id, status, assignee_id, kind
  from w join conversations on conversations.id = w.conversation_id and (w.visitor_id is null or conversations.visitor_id = w.visitor_id)
), m as (
  insert into messages (conversation_id, client_id, author_type, author_agent_id, body, meta, internal, created_at)
  select c.id, w.client_id, w.author_type, w.author_agent_id, w.body, w.meta, w.internal, w.created_at
  from c join w on w.n = c.n order by c.n
  on conflict do nothing
  returning id, conversation_id
), u as (
  update conversations set
    updated_at = w.created_at,
    first_response_at = coalesce(conversations.first_response_at, w.first_response_at),
    resolved_at = case when conversations.status in ('resolved', 'closed') then conversations.resolved_at end
  from m join w on w.conversation_id = m.conversation_id where conversations.id = m.conversation_id
)
select w.n, c.site_id as "siteId", c.visitor_id as "visitorId", c.status, c.assignee_id as "assigneeId", c.kind, m.id as "messageId"
from w left join c on c.n = w.n left join m on m.conversation_id = c.id
order by w.n`;

/** A write's row: the conversation's fields are null when it found none (or not the visitor's). */
type WrittenRow = { [K in keyof ConversationBefore]: ConversationBefore[K] | null } & { messageId: number | null };

async function writeOnPostgres(db: Db, writes: readonly MessageWrite[]): Promise<MessageWritten[]> {
  const column = <T>(of: (w: MessageWrite) => T) => writes.map(of);
  const found = await namedQuery<WrittenRow>(db, 'writeMessages', WRITE_MESSAGES, [
    column((w) => w.row.conversationId),
    column((w) => w.visitorId),
    column((w) => w.row.clientId),
    column((w) => w.row.authorType),
    column((w) => w.row.authorAgentId),
    column((w) => w.row.body),
    column((w) => JSON.stringify(w.row.meta)),
    column((w) => w.row.internal),
    column((w) => w.row.createdAt),
    column((w) => w.firstResponseAt),
  ]);
  return found.map(({ messageId, siteId, visitorId, status, assigneeId, kind }) => {
    if (siteId === null || visitorId === null || status === null || kind === null) return {};
    const conversation = { siteId, visitorId, status, assigneeId, kind };
    return messageId === null ? { conversation } : { conversation, messageId };
  });
}
