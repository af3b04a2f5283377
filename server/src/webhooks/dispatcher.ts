import { asc, eq, gt, lt } from 'drizzle-orm';
import type { Contact, DurableEvent } from '@parley/protocol';
import { getContact } from '../contacts/contacts';
import { newId } from '../db/ids';
import type { WebhookRow } from '../db/rows';
import type { Db } from '../db/store';
import { events, sites, webhookCursor, webhookDeliveries, webhooks } from '../db/tables';
import { ApiError } from '../http/errors';
import { webhookEventsOf, type LogRow } from './payloads';

/** Events read per pass: one transaction's worth of deliveries, then the next pass. */
export const DISPATCH_PAGE = 500;

/**
 * Turns the events log into deliveries: reads the events after the cursor, queues one
 * delivery per event and endpoint that subscribed to it (`webhook_deliveries`), and moves the
 * cursor past them, in one transaction. The log's ids follow commit order (db/event-append.ts),
 * so no event can appear behind the cursor later; a pass that runs twice (two processes, a
 * crash before the commit) queues nothing twice: (endpoint, event, type) is unique. Says how
 * many events it read (a full page means there is more) and how many deliveries it queued.
 *
 * While no endpoint is on, nothing is read; the first one turned on starts the cursor at the
 * log's head (endpoints.ts), and an endpoint never gets events from before it was made.
 */
export async function dispatchPage(db: Db): Promise<{ read: number; queued: number }> {
  const hooks = await db.select().from(webhooks).where(eq(webhooks.enabled, true));
  if (hooks.length === 0) return { read: 0, queued: 0 };
  const [cursor] = await db.select().from(webhookCursor).where(eq(webhookCursor.id, 1));
  const from = cursor?.lastEventId ?? 0;
  const rows = (await db
    .select({
      id: events.id,
      siteId: events.siteId,
      visitorId: events.visitorId,
      conversationId: events.conversationId,
      payload: events.payload,
      audience: events.audience,
      createdAt: events.createdAt,
      accountId: sites.accountId,
    })
    .from(events)
    .innerJoin(sites, eq(sites.id, events.siteId))
    .where(gt(events.id, from))
    .orderBy(asc(events.id))
    .limit(DISPATCH_PAGE)) as (LogRow & { accountId: string })[];
  if (rows.length === 0) return { read: 0, queued: 0 };
  const deliveries: (typeof webhookDeliveries.$inferInsert)[] = [];
  for (const row of rows) {
    const mine = hooks.filter((h) => h.accountId === row.accountId && (h.siteId === null || h.siteId === row.siteId) && h.createdAt <= row.createdAt);
    if (mine.length === 0) continue;
    const made = webhookEventsOf(row, await contactOf(db, row, mine[0]!));
    for (const hook of mine)
      for (const event of made.filter((m) => hook.events.includes(m.type)))
        deliveries.push({
          id: newId('msg'),
          webhookId: hook.id,
          eventId: row.id,
          orderKey: event.orderKey,
          type: event.type,
          body: JSON.stringify(event.payload),
          status: 'pending',
          nextAttemptAt: new Date(),
        });
  }
  const last = rows.at(-1)!.id;
  await db.transaction(async (tx) => {
    if (deliveries.length > 0) await tx.insert(webhookDeliveries).values(deliveries).onConflictDoNothing();
    await tx
      .insert(webhookCursor)
      .values({ id: 1, lastEventId: last })
      .onConflictDoUpdate({ target: webhookCursor.id, set: { lastEventId: last }, setWhere: lt(webhookCursor.lastEventId, last) });
  });
  return { read: rows.length, queued: deliveries.length };
}

/** The contact a `contact.updated` announces, as stored now; undefined for other events, or once the visitor is gone. */
async function contactOf(db: Db, row: LogRow, hook: WebhookRow): Promise<Contact | undefined> {
  if ((row.payload as DurableEvent).type !== 'contact.updated' || !row.visitorId) return undefined;
  return getContact(db, hook.accountId, row.visitorId).catch((err: unknown) => {
    if (err instanceof ApiError && err.status === 404) return undefined;
    throw err;
  });
}
