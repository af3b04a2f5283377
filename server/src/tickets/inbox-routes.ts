import { and, eq, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { TicketCountsQuery, type TicketCounts } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { requireAgent, type InboxEnv } from '../auth/agent-auth';
import { conversations, sites } from '../db/tables';
import { validate } from '../http/validate';
import { triageWhere } from '../conversations/inbox-queries';

/**
 * /v1/inbox/tickets: the Tickets view's counts and the header's badge. The tickets themselves
 * are conversations: GET /v1/inbox/conversations?kind=ticket lists them with the same filters.
 */
export function ticketInboxRoutes({ db }: Deps) {
  return new Hono<InboxEnv>().use(requireAgent()).get('/counts', validate('query', TicketCountsQuery), async (c) => {
    const rows = await db
      .select({ status: conversations.status, assigned: sql<number>`count(${conversations.assigneeId})`, n: sql<number>`count(*)` })
      .from(conversations)
      .innerJoin(sites, eq(sites.id, conversations.siteId))
      .where(and(eq(sites.accountId, c.get('agent').accountId), eq(conversations.kind, 'ticket'), triageWhere(c.req.valid('query'))))
      .groupBy(conversations.status);
    const total = (of: 'n' | 'assigned', ...statuses: string[]) => rows.filter((r) => statuses.includes(r.status)).reduce((sum, r) => sum + Number(r[of]), 0);
    const count = (...statuses: string[]) => total('n', ...statuses);
    // Waiting for the team with nobody on it; routing assigns a queued ticket, and an agent's
    // unassign puts it back in the queue.
    const unassigned = count('queued', 'bot') - total('assigned', 'queued', 'bot');
    const open = count('queued', 'bot', 'open', 'snoozed');
    const body: TicketCounts = { open, unassigned, inProgress: open - unassigned, waiting: count('pending'), resolved: count('resolved'), closed: count('closed') };
    return c.json(body);
  });
}
