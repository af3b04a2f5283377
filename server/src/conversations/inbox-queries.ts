import { and, asc, desc, eq, inArray, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import {
  TRANSCRIPT_PAGE,
  type ConversationDetail,
  type ConversationListQuery,
  type InboxConversation,
  type InboxConversationList,
  type InboxMessage,
  type InboxVisitor,
} from '@parley/protocol';
import type { Deps } from '../core/deps';
import type { AgentRow, ConversationRow } from '../db/rows';
import type { Db } from '../db/store';
import { agents, conversationReads, conversations, messages, sites, visitors, whatsappChannels } from '../db/tables';
import { queueOrder, waitingWhere } from '../sla/queue-order';
import { slaState } from '../sla/deadlines';
import { authorInfo } from './mappers';
import { withAuthors } from './queries';
import { deliveriesOf, toInboxMessage, transcriptPage } from './inbox-transcript';
import { messageIdsMatching, searchWords } from '../db/dialect';

type Reader = Pick<Deps, 'db' | 'config'>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** This agent's read mark on the conversation (0 before they open it). */
const readMark = (agentId: string) =>
  sql`coalesce((select r.last_read_message_id from ${conversationReads} r
                where r.agent_id = ${agentId} and r.conversation_id = ${conversations.id}), 0)`;

/** Visitor messages after this agent's read mark (computed for the listed page only). */
const unreadFor = (agentId: string) => sql<number>`(
  select count(*) from ${messages} m
  where m.conversation_id = ${conversations.id} and m.author_type = 'visitor' and m.id > ${readMark(agentId)})`;

/** Whether any visitor message is after the mark: one comparison, no message read. */
const hasUnread = (agentId: string) => sql`${conversations.lastVisitorMessageId} > ${readMark(agentId)}`;

/**
 * The visitor's first public line: what a past conversation was about. The outer column is
 * qualified by hand because drizzle leaves it bare in a select without joins, and a bare
 * "id" here would mean m.id.
 */
const openingMessage = () => sql<string | null>`(
  select m.body from ${messages} m
  where m.conversation_id = ${conversations}.id and m.author_type = 'visitor' and m.internal = false
  order by m.id limit 1)`;

/**
 * One page of the list in two steps: the ids in order (a sort over narrow rows), then the
 * page's columns and per-row unread counts — computed for 50 rows, not for every
 * conversation that entered the sort.
 */
async function listRows(db: Db, agent: AgentRow, where: SQL | undefined, order: SQL[], limit: number) {
  const ids = (
    await db
      .select({ id: conversations.id })
      .from(conversations)
      .innerJoin(sites, eq(sites.id, conversations.siteId))
      .where(and(eq(sites.accountId, agent.accountId), where))
      .orderBy(...order)
      .limit(limit)
  ).map((r) => r.id);
  if (ids.length === 0) return [];
  const byId = new Map((await rowsFor(db, agent, inArray(conversations.id, ids))).map((r) => [r.c.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The listed columns, and the agent's unread count, of the account's conversations matching `where`. */
async function rowsFor(db: Db, agent: AgentRow, where: SQL) {
  const assignee = alias(agents, 'assignee');
  const followed = alias(conversations, 'followed');
  return db
    .select({
      c: conversations,
      followed: { id: followed.id, reference: followed.reference },
      whatsappPhone: whatsappChannels.displayPhone,
      siteName: sites.name,
      assigneeName: assignee.name,
      visitorName: visitors.name,
      visitorEmail: visitors.email,
      unread: unreadFor(agent.id),
    })
    .from(conversations)
    .innerJoin(sites, eq(sites.id, conversations.siteId))
    .innerJoin(visitors, eq(visitors.id, conversations.visitorId))
    .leftJoin(assignee, eq(assignee.id, conversations.assigneeId))
    .leftJoin(followed, eq(followed.id, conversations.followsUpId))
    .leftJoin(whatsappChannels, eq(whatsappChannels.id, conversations.whatsappChannelId))
    .where(and(eq(sites.accountId, agent.accountId), where));
}

type ListRow = Awaited<ReturnType<typeof rowsFor>>[number];

async function messagesById({ db, config }: Reader, ids: number[]): Promise<Map<number, InboxMessage>> {
  if (ids.length === 0) return new Map();
  const rows = await withAuthors(db).where(inArray(messages.id, ids));
  const deliveries = await deliveriesOf(db, ids);
  return new Map(rows.map((r) => [r.message.id, toInboxMessage(r.message, authorInfo(config.PUBLIC_URL, r.message, r), deliveries.get(r.message.id))]));
}

function toInboxConversation(r: ListRow, lastMessage: InboxMessage | null, now: Date): InboxConversation {
  const c = r.c;
  return {
    id: c.id,
    site: { id: c.siteId, name: r.siteName },
    kind: c.kind,
    subject: c.subject,
    reference: c.reference,
    followsUp: r.followed?.id ? { id: r.followed.id, reference: r.followed.reference } : null,
    status: c.status,
    channel: c.channel,
    whatsapp: c.whatsappChannelId ? { channelId: c.whatsappChannelId, phone: r.whatsappPhone ?? null } : null,
    assignee: c.assigneeId && r.assigneeName ? { id: c.assigneeId, name: r.assigneeName } : null,
    priority: c.priority,
    category: c.category,
    sentiment: c.sentiment,
    language: c.language,
    visitor: { id: c.visitorId, name: r.visitorName, email: r.visitorEmail },
    lastMessage,
    unread: r.unread,
    rating: c.rating,
    emailFollowUp: c.emailFollowUp,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    queuedAt: iso(c.queuedAt),
    firstResponseAt: iso(c.firstResponseAt),
    resolvedAt: iso(c.resolvedAt),
    snoozedUntil: iso(c.snoozedUntil),
    firstResponseDueAt: iso(c.firstResponseDueAt),
    resolutionDueAt: iso(c.resolutionDueAt),
    sla: {
      firstResponse: slaState(c.firstResponseDueAt, c.firstResponseAt, now),
      resolution: slaState(c.resolutionDueAt, c.resolvedAt, now),
    },
  };
}

async function toList(deps: Reader, rows: ListRow[]): Promise<InboxConversation[]> {
  const last = await messagesById(
    deps,
    rows.flatMap((r) => (r.c.lastMessageId ? [r.c.lastMessageId] : [])),
  );
  const now = new Date();
  return rows.map((r) => toInboxConversation(r, r.c.lastMessageId ? (last.get(r.c.lastMessageId) ?? null) : null, now));
}

const mineWhere = (agentId: string) => and(eq(conversations.assigneeId, agentId), ne(conversations.status, 'resolved'));

/**
 * The inbox list. Views: `unassigned` is the queue (waiting for a person, nobody assigned),
 * sorted by the SLA deadline for a first reply, then queue order; `mine` is what the agent
 * holds and has not resolved; `all` is everything. Filters narrow any view.
 */
export async function listInboxConversations(deps: Reader, agent: AgentRow, q: ConversationListQuery): Promise<InboxConversationList> {
  const { db } = deps;
  const view =
    q.view === 'unassigned'
      ? q.status
        ? isNull(conversations.assigneeId)
        : waitingWhere()
      : q.view === 'mine'
        ? q.status
          ? eq(conversations.assigneeId, agent.id)
          : mineWhere(agent.id)
        : undefined;
  const where = and(
    view,
    q.status ? eq(conversations.status, q.status) : undefined,
    q.kind ? eq(conversations.kind, q.kind) : undefined,
    triageWhere(q),
    q.q ? searchWhere(q.q) : undefined,
  );
  const order =
    q.view === 'unassigned'
      ? [sql`${conversations.firstResponseDueAt} is null`, asc(conversations.firstResponseDueAt), ...queueOrder()]
      : [desc(conversations.updatedAt), desc(conversations.id)];
  const rows = await listRows(db, agent, where, order, q.limit);
  return { conversations: await toList(deps, rows), counts: await viewCounts(db, agent) };
}

/** The filters the inbox list and the tickets' counts share. */
export function triageWhere(q: Pick<ConversationListQuery, 'siteId' | 'priority' | 'category' | 'assigneeId'>): SQL | undefined {
  return and(
    q.siteId ? eq(conversations.siteId, q.siteId) : undefined,
    q.priority ? eq(conversations.priority, q.priority) : undefined,
    q.category ? eq(conversations.category, q.category) : undefined,
    q.assigneeId ? eq(conversations.assigneeId, q.assigneeId) : undefined,
  );
}

/** Visitor name or email containing the text, or a message matching all its words. */
function searchWhere(text: string): SQL | undefined {
  const like = `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  // A subquery, not a join: the list's first step then sorts conversations alone.
  const byVisitor = sql`${conversations.visitorId} in (select v.id from ${visitors} v where v.name like ${like} escape '\\' or v.email like ${like} escape '\\')`;
  // A ticket by its reference, as customers quote it: "#1042".
  const reference = /^#?(\d{1,9})$/.exec(text.trim())?.[1];
  const byReference = reference ? eq(conversations.reference, Number(reference)) : undefined;
  const words = searchWords(text, 12);
  if (words.length === 0) return or(byVisitor, byReference);
  return or(byVisitor, byReference, sql`${conversations.id} in (select m.conversation_id from ${messages} m where m.id in (${messageIdsMatching(words)}))`);
}

async function viewCounts(db: Db, agent: AgentRow): Promise<InboxConversationList['counts']> {
  const n = async (where: SQL | undefined) =>
    (
      await db
        .select({ n: sql<number>`count(*)` })
        .from(conversations)
        .innerJoin(sites, eq(sites.id, conversations.siteId))
        .where(and(eq(sites.accountId, agent.accountId), where))
        .limit(1)
    )[0]?.n ?? 0;
  return {
    unassigned: await n(waitingWhere()),
    mine: await n(mineWhere(agent.id)),
    unread: await n(and(or(mineWhere(agent.id), waitingWhere()), hasUnread(agent.id))),
  };
}

/** One conversation as the inbox lists it, or undefined when it is not the account's. */
export async function inboxConversation(deps: Reader, agent: AgentRow, id: string): Promise<InboxConversation | undefined> {
  return (await toList(deps, await rowsFor(deps.db, agent, eq(conversations.id, id))))[0];
}

/** The conversation for the agent: the newest page of its transcript with notes, the visitor and their history. */
export async function conversationDetail(deps: Reader, agent: AgentRow, conversation: ConversationRow): Promise<ConversationDetail> {
  const { db } = deps;
  const summary = (await inboxConversation(deps, agent, conversation.id))!;
  const transcript = await transcriptPage(deps, conversation.id, undefined, TRANSCRIPT_PAGE);
  const visitor = (await db.select().from(visitors).where(eq(visitors.id, conversation.visitorId)).limit(1))[0]!;
  const past = await db
    .select({ id: conversations.id, status: conversations.status, createdAt: conversations.createdAt, opening: openingMessage() })
    .from(conversations)
    .where(and(eq(conversations.visitorId, visitor.id), ne(conversations.id, conversation.id)))
    .orderBy(desc(conversations.createdAt))
    .limit(20);
  return {
    conversation: summary,
    messages: transcript.messages,
    hasOlder: transcript.hasOlder,
    visitor: toInboxVisitor(visitor),
    pastConversations: past.map((p) => ({ id: p.id, status: p.status, createdAt: p.createdAt.toISOString(), lastMessage: p.opening })),
    visitorReadMessageId: conversation.visitorLastReadId,
  };
}

type VisitorRow = typeof visitors.$inferSelect;

export function toInboxVisitor(v: VisitorRow): InboxVisitor {
  return {
    id: v.id,
    userId: v.userId,
    name: v.name,
    email: v.email,
    phone: v.phone,
    locale: v.locale,
    createdAt: v.createdAt.toISOString(),
    lastSeenAt: iso(v.lastSeenAt),
    pageUrl: v.pageUrl,
    pageSeenAt: iso(v.pageSeenAt),
    browser: v.browser,
    attributes: v.attributes,
  };
}
