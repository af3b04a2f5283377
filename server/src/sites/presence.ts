import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/store';
import { agents } from '../db/tables';

/** Whether any agent of the account is online: drives the widget's "we'll email you" path. */
export async function agentsOnline(db: Db, accountId: string): Promise<boolean> {
  return !!(
    await db
      .select({ id: agents.id })
      .from(agents)
      .where(and(eq(agents.accountId, accountId), eq(agents.presence, 'online')))
      .limit(1)
  )[0];
}
