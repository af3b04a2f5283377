import { and, eq, sql } from 'drizzle-orm';
import type { CreateTicketBody, Message, MessageMeta } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { newId } from '../db/ids';
import type { ConversationRow, SiteRow, VisitorRow } from '../db/rows';
import type { Db } from '../db/store';
import { conversations, sites, visitors } from '../db/tables';
import { ApiError } from '../http/errors';
import { commitAndPublish, type LoggedEvent } from '../realtime/event-log';
import { byVisitor, conversationEvent, insertMessage } from '../conversations/commands';
import { siteSettings } from '../sites/sites';
import { logContactUpdated } from '../visitors/contact-update';

/** References start here, so the first ticket reads like one (`#1001`), not like a test (`#1`). */
const FIRST_REFERENCE = 1000;

const byClientId = (tx: Db, visitorId: string, clientId: string) =>
  tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.visitorId, visitorId), eq(conversations.clientId, clientId)))
    .limit(1);

/** The site's next ticket reference (`sites.ticket_seq`): taken in the caller's transaction, never reused. */
export async function nextReference(tx: Db, siteId: string): Promise<number> {
  const [counter] = await tx
    .update(sites)
    .set({ ticketSeq: sql`${sites.ticketSeq} + 1` })
    .where(eq(sites.id, siteId))
    .returning({ seq: sites.ticketSeq });
  return FIRST_REFERENCE + counter!.seq;
}

export interface NewTicket {
  clientId: string;
  subject: string;
  category: string | null;
  priority?: ConversationRow['priority'];
  /** The closed ticket a visitor's reply reopens as this one. */
  followsUpId?: string;
  /** The first message, the visitor's: the description, or the reply to a closed ticket. */
  body: string;
  meta?: MessageMeta;
}

export interface OpenedTicket {
  conversation: ConversationRow;
  created: boolean;
  /** The first message, when the ticket was made now. */
  first?: Message;
}

/**
 * A visitor's ticket: a conversation of kind `ticket`, waiting for the team (`queued`: the
 * router stamps its SLA and assigns it like a handed-off chat), with its first message, in
 * one transaction. Its replies go to the visitor's email (`emailFollowUp`), as a ticket's
 * answer may come long after they left. Idempotent on the visitor's clientId; a clientId
 * already used by a conversation that is not a ticket is 409.
 */
export async function openTicket(deps: Deps, visitor: VisitorRow, ticket: NewTicket, also?: (tx: Db) => Promise<LoggedEvent[]>): Promise<OpenedTicket> {
  const existing = (found: ConversationRow) => {
    if (found.kind !== 'ticket') throw new ApiError(409, 'conflict', 'clientId: already used by a conversation that is not a ticket');
    return { conversation: found, created: false, logged: [] };
  };
  const done = await commitAndPublish(deps, async (tx) => {
    const [found] = await byClientId(tx, visitor.id, ticket.clientId);
    if (found) return existing(found);
    const reference = await nextReference(tx, visitor.siteId);
    // A retry racing the first create on another connection (PostgreSQL) inserts nothing.
    const [row] = await tx
      .insert(conversations)
      .values({
        id: newId('c'),
        siteId: visitor.siteId,
        visitorId: visitor.id,
        clientId: ticket.clientId,
        kind: 'ticket',
        subject: ticket.subject,
        category: ticket.category,
        priority: ticket.priority ?? null,
        followsUpId: ticket.followsUpId ?? null,
        reference,
        status: 'queued',
        emailFollowUp: true,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) return existing((await byClientId(tx, visitor.id, ticket.clientId))[0]!);
    const logged = [conversationEvent(tx, row, byVisitor)];
    const first = (
      await insertMessage(
        { ...deps, db: tx },
        { conversationId: row.id, visitorId: visitor.id, authorType: 'visitor', body: ticket.body, clientId: ticket.clientId, meta: ticket.meta },
      )
    )?.written;
    logged.push(...first!.logged, ...(also ? await also(tx) : []));
    return { conversation: row, created: true, first: first!.message, logged };
  });
  return done!;
}

/** The widget's "Send us a message": a category from the site's list; the email given is kept when none is on file. */
export async function createTicket(deps: Deps, visitor: VisitorRow, site: SiteRow, ticket: CreateTicketBody): Promise<OpenedTicket> {
  const { categories } = siteSettings(site).tickets;
  if (ticket.category !== undefined && !categories.includes(ticket.category))
    throw new ApiError(400, 'invalid_request', categories.length ? `category: must be one of ${categories.join(', ')}` : 'category: this site has no ticket categories');
  const { email } = ticket;
  return openTicket(deps, visitor, { ...ticket, category: ticket.category ?? null }, async (tx) => {
    if (!email || visitor.email) return [];
    await tx.update(visitors).set({ email }).where(eq(visitors.id, visitor.id));
    return logContactUpdated(tx, visitor, ['email']);
  });
}
