import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/connection';
import { agents } from '../db/schema';

/** Whether any agent of the account is online: drives the widget's "we'll email you" path. */
export function agentsOnline(db: Db, accountId: string): boolean {
  return !!db
    .select({ id: agents.id })
    .from(agents)
    .where(and(eq(agents.accountId, accountId), eq(agents.presence, 'online')))
    .get();
}
