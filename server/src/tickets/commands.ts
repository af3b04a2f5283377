import { and, eq, sql } from 'drizzle-orm';
import type { CreateTicketBody } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { newId } from '../db/ids';
import type { ConversationRow, SiteRow, VisitorRow } from '../db/rows';
import type { Db } from '../db/store';
import { conversations, sites, visitors } from '../db/tables';
import { ApiError } from '../http/errors';
import { commitAndPublish } from '../realtime/event-log';
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

/**
 * A visitor's ticket: a conversation of kind `ticket`, waiting for the team (`queued`: the
 * router stamps its SLA and assigns it like a handed-off chat), with the description as its
 * first message, in one transaction. The reference is the site's next (`sites.ticket_seq`,
 * never reused). Its replies go to the visitor's email (`emailFollowUp`), as a ticket's
 * answer may come long after they left. Idempotent on the visitor's clientId; a clientId
 * already used by a chat is 409. `firstMessageId` only when it was created now.
 */
export async function createTicket(
  deps: Deps,
  visitor: VisitorRow,
  site: SiteRow,
  ticket: CreateTicketBody,
): Promise<{ conversation: ConversationRow; created: boolean; firstMessageId?: number }> {
  const { categories } = siteSettings(site).tickets;
  if (ticket.category !== undefined && !categories.includes(ticket.category))
    throw new ApiError(400, 'invalid_request', categories.length ? `category: must be one of ${categories.join(', ')}` : 'category: this site has no ticket categories');
  const existing = (found: ConversationRow) => {
    if (found.kind !== 'ticket') throw new ApiError(409, 'conflict', 'clientId: already used by a conversation that is not a ticket');
    return { conversation: found, created: false, logged: [] };
  };
  const done = await commitAndPublish(deps, async (tx) => {
    const [found] = await byClientId(tx, visitor.id, ticket.clientId);
    if (found) return existing(found);
    const [counter] = await tx
      .update(sites)
      .set({ ticketSeq: sql`${sites.ticketSeq} + 1` })
      .where(eq(sites.id, visitor.siteId))
      .returning({ seq: sites.ticketSeq });
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
        category: ticket.category ?? null,
        reference: FIRST_REFERENCE + counter!.seq,
        status: 'queued',
        emailFollowUp: true,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) return existing((await byClientId(tx, visitor.id, ticket.clientId))[0]!);
    const logged = [conversationEvent(tx, row, byVisitor)];
    const first = await insertMessage({ ...deps, db: tx }, { conversationId: row.id, visitorId: visitor.id, authorType: 'visitor', body: ticket.body, clientId: ticket.clientId });
    logged.push(...first!.written!.logged);
    if (ticket.email && !visitor.email) {
      await tx.update(visitors).set({ email: ticket.email }).where(eq(visitors.id, visitor.id));
      logged.push(...logContactUpdated(tx, visitor, ['email']));
    }
    return { conversation: row, created: true, firstMessageId: first!.written!.message.id, logged };
  });
  return done!;
}
