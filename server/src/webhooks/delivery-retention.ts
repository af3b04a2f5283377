import { and, asc, inArray, lt, ne } from 'drizzle-orm';
import type { Db } from '../db/store';
import { webhookDeliveries } from '../db/tables';

/** Rows deleted per statement: a few milliseconds of the writer at a time. */
const CHUNK = 1000;

/**
 * Deletes delivered and failed deliveries queued before `before`, a chunk at a time: the
 * settings page shows the latest, and the outbox would otherwise grow with every event.
 * Pending ones stay whatever their age (an endpoint turned off keeps what waits for it).
 * Resolves to how many went.
 */
export async function pruneFinishedDeliveries(db: Db, before: Date): Promise<number> {
  let pruned = 0;
  for (;;) {
    const old = db
      .select({ seq: webhookDeliveries.seq })
      .from(webhookDeliveries)
      .where(and(ne(webhookDeliveries.status, 'pending'), lt(webhookDeliveries.createdAt, before)))
      .orderBy(asc(webhookDeliveries.seq))
      .limit(CHUNK);
    const n = (await db.delete(webhookDeliveries).where(inArray(webhookDeliveries.seq, old)).returning({ seq: webhookDeliveries.seq })).length;
    pruned += n;
    if (n < CHUNK) return pruned;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
