import { and, eq, lte, or } from 'drizzle-orm';
import type { ChangedBy } from '@parley/protocol';
import type { Deps } from '../core/deps';
import type { ConversationRow } from '../db/rows';
import { conversations } from '../db/tables';
import { changeConversationWithLines } from '../conversations/change';
import { conversationContext } from '../conversations/context';
import type { MailLine } from './lifecycle';

const DAY_MS = 24 * 60 * 60 * 1000;
const bySystem: ChangedBy = { type: 'system', agentId: null };

/**
 * The hourly pass over tickets (one of the events pruner's chores): a ticket waiting on the
 * customer for the site's `pendingDays` resolves itself, telling them so in the thread and by
 * mail; one resolved for `closeDays` closes, and a reply then opens a new ticket. Every
 * process runs it: each change is made only if the ticket still is as it was read, so one
 * process makes it and the others find nothing to do.
 */
export async function expireTickets(deps: Deps, now: Date, mail: MailLine, stopping: () => boolean = () => false): Promise<{ resolved: number; closed: number }> {
  // A day is every site's shortest wait: the site's own setting is checked on each.
  const dayAgo = new Date(now.getTime() - DAY_MS);
  const due = await deps.db
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.kind, 'ticket'),
        or(
          and(eq(conversations.status, 'pending'), lte(conversations.pendingSince, dayAgo)),
          and(eq(conversations.status, 'resolved'), lte(conversations.resolvedAt, dayAgo)),
        ),
      ),
    );
  const done = { resolved: 0, closed: 0 };
  for (const ticket of due) {
    if (stopping()) break;
    const context = await conversationContext(deps.db, ticket.id);
    if (!context) continue;
    const { pendingDays, closeDays } = context.settings.tickets;
    const olderThan = (at: Date | null, days: number) => at !== null && at.getTime() <= now.getTime() - days * DAY_MS;
    const unchanged = (before: ConversationRow) => before.status === ticket.status && before.updatedAt.getTime() === ticket.updatedAt.getTime();
    if (ticket.status === 'pending' && olderThan(ticket.pendingSince, pendingDays)) {
      const line = { body: context.texts.ticket.autoResolved(ticket.reference!, pendingDays), meta: { ticket: 'resolved' as const } };
      const changed = await changeConversationWithLines(deps, ticket.id, { status: 'resolved' }, bySystem, { systemMessage: line, onlyIf: unchanged });
      if (!changed) continue;
      done.resolved++;
      for (const id of changed.lineIds) await mail(ticket.id, id);
    } else if (ticket.status === 'resolved' && olderThan(ticket.resolvedAt, closeDays)) {
      if (await changeConversationWithLines(deps, ticket.id, { status: 'closed' }, bySystem, { onlyIf: unchanged })) done.closed++;
    }
  }
  return done;
}
