import { eq } from 'drizzle-orm';
import type { ChangedBy, ConversationStatus } from '@parley/protocol';
import type { Deps } from '../core/deps';
import type { Db } from '../db/store';
import { conversations } from '../db/tables';
import type { ConversationRow } from '../db/rows';
import { commitAndPublish, type LoggedEvent } from '../realtime/event-log';
import { conversationById, conversationEvent, insertMessage, type NewMessage, type ServerMessage } from './commands';

/*
 * Lifecycle changes of a conversation (status, assignee, triage, a ticket's kind), each logged
 * with who made it and written in one transaction with the lines that go with it.
 */

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
    // a ticket's (server/src/tickets)
    | 'kind'
    | 'subject'
    | 'reference'
  >
>;

/** A private note for the agents, written with a change (a handoff's summary). */
export type AgentNote = Pick<ServerMessage, 'authorType' | 'body' | 'meta'>;

/** A line the visitor sees, like "Ada joined the conversation", in their language. */
export type SystemLine = Pick<ServerMessage, 'body' | 'meta'>;

/** An agent's visible reply written with a change (a ticket's question to the customer). */
export type ChangeReply = Pick<ServerMessage, 'body' | 'meta'> & { authorAgentId: string };

export interface ChangeExtras {
  systemMessage?: SystemLine;
  reply?: ChangeReply;
  /** Committed with the change or not at all: a handoff must never reach agents without its summary. */
  note?: AgentNote;
  /**
   * Changes the conversation only if it still is what the caller decided on, read inside the
   * transaction: a decision taken on an earlier read (routing's) must not undo a change made
   * since, such as a resolve.
   */
  onlyIf?: (before: ConversationRow, tx: Db) => boolean | Promise<boolean>;
}

/**
 * Changes a conversation (status, assignee, triage) and logs who did it, in one transaction
 * with the optional note and system message (`extras`).
 * Returns undefined when the conversation does not exist, or `onlyIf` refused it.
 */
export async function changeConversation(
  deps: Deps,
  conversationId: string,
  patch: ConversationPatch,
  by: ChangedBy,
  extras: ChangeExtras = {},
): Promise<ConversationRow | undefined> {
  return (await changeConversationWithLines(deps, conversationId, patch, by, extras))?.row;
}

/** Resolving, closing and reopening as the timestamps and the reopen count record them. */
function lifecycleColumns(before: ConversationRow, patch: ConversationPatch, now: Date): Partial<ConversationRow> {
  const done = (s: ConversationStatus) => s === 'resolved' || s === 'closed';
  if (patch.status === undefined || patch.status === before.status) return {};
  const waiting = patch.status === 'pending' ? { pendingSince: now } : { pendingSince: null };
  if (done(patch.status)) return done(before.status) ? waiting : { ...waiting, resolvedAt: now };
  if (done(before.status)) return { ...waiting, resolvedAt: null, reopens: before.reopens + 1 };
  return waiting;
}

/** changeConversation, with the ids of the visible lines it wrote (the reply, then the system message), for whoever mails them. */
export async function changeConversationWithLines(
  deps: Deps,
  conversationId: string,
  patch: ConversationPatch,
  by: ChangedBy,
  extras: ChangeExtras = {},
): Promise<{ row: ConversationRow; lineIds: number[] } | undefined> {
  const done = await commitAndPublish(deps, async (tx) => {
    const inTx = { ...deps, db: tx };
    const [before] = await conversationById(tx).execute({ id: conversationId });
    if (!before || (extras.onlyIf && !(await extras.onlyIf(before, tx)))) return undefined;
    const logged: LoggedEvent[] = [];
    if (extras.note) logged.push(...((await insertMessage(inTx, { ...extras.note, conversationId, internal: true }))?.written?.logged ?? []));
    const now = new Date();
    const [row] = await tx
      .update(conversations)
      .set({ ...patch, updatedAt: now, ...lifecycleColumns(before, patch, now) })
      .where(eq(conversations.id, conversationId))
      .returning();
    logged.push(conversationEvent(tx, row!, by, before));
    const lineIds: number[] = [];
    const line = async (m: NewMessage) => {
      const written = (await insertMessage(inTx, m))?.written;
      if (!written) return;
      lineIds.push(written.message.id);
      logged.push(...written.logged);
    };
    if (extras.reply) await line({ ...extras.reply, conversationId, authorType: 'agent' });
    if (extras.systemMessage) await line({ ...extras.systemMessage, conversationId, authorType: 'system' });
    return { row: row!, lineIds, logged };
  });
  return done && { row: done.row, lineIds: done.lineIds };
}
