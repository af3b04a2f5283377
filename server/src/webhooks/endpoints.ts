import { isIP } from 'node:net';
import { and, desc, eq, ne } from 'drizzle-orm';
import type { CreateWebhookBody, UpdateWebhookBody, Webhook, WebhookDelivery, WebhookEventType, WebhookWithSecret } from '@parley/protocol';
import { newId } from '../db/ids';
import type { AgentRow, WebhookDeliveryRow, WebhookRow } from '../db/rows';
import type { Db } from '../db/store';
import { webhookCursor, webhookDeliveries, webhooks } from '../db/tables';
import { ApiError, notFound } from '../http/errors';
import { logHead } from '../realtime/event-log';
import { accountSite } from '../sites/access';
import { isPublicAddress } from './safe-post';
import { newWebhookSecret } from './signature';

/** After a rotation the old secret signs beside the new one for this long: a day to deploy the new one. */
const ROTATION_OVERLAP_MS = 24 * 60 * 60 * 1000;
const DELIVERIES_SHOWN = 50;

export const toWebhook = (row: WebhookRow): Webhook => ({
  id: row.id,
  url: row.url,
  events: row.events as WebhookEventType[],
  siteId: row.siteId,
  enabled: row.enabled,
  disabledReason: row.disabledReason,
  failingSince: row.failingSince?.toISOString() ?? null,
  createdAt: row.createdAt.toISOString(),
});

const toDelivery = (row: WebhookDeliveryRow): WebhookDelivery => ({
  id: row.id,
  type: row.type,
  status: row.status,
  attempts: row.attempts,
  responseStatus: row.responseStatus,
  error: row.error,
  createdAt: row.createdAt.toISOString(),
  lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
  nextAttemptAt: row.status === 'pending' ? (row.nextAttemptAt?.toISOString() ?? null) : null,
  deliveredAt: row.deliveredAt?.toISOString() ?? null,
});

/**
 * A URL the owner may register: https to a name or a public address, unless private ones are
 * allowed. Only a first, friendly check: a name is resolved, and its addresses checked, on
 * every delivery (safe-post.ts), as DNS can change after this.
 */
function checkUrl(url: string, allowPrivate: boolean): void {
  if (allowPrivate) return;
  const { protocol, hostname } = new URL(url);
  const host = hostname.replace(/^\[|\]$/g, '');
  if (protocol !== 'https:') throw new ApiError(400, 'invalid_request', 'Webhook URLs must be https');
  if ((isIP(host) && !isPublicAddress(host)) || host === 'localhost' || host.endsWith('.localhost'))
    throw new ApiError(400, 'invalid_request', `Webhook URLs must reach a public address, and ${host} is not one`);
}

/**
 * The dispatcher reads the events log only while some endpoint is on (dispatcher.ts). When
 * this one is the first, the log it skipped meanwhile is no one's: start reading from now.
 */
async function startReadingIfIdle(db: Db, webhookId: string): Promise<void> {
  const others = await db
    .select({ id: webhooks.id })
    .from(webhooks)
    .where(and(eq(webhooks.enabled, true), ne(webhooks.id, webhookId)))
    .limit(1);
  if (others.length > 0) return;
  const head = await logHead(db);
  await db
    .insert(webhookCursor)
    .values({ id: 1, lastEventId: head })
    .onConflictDoUpdate({ target: webhookCursor.id, set: { lastEventId: head } });
}

async function accountWebhook(db: Db, accountId: string, id: string): Promise<WebhookRow> {
  const [row] = await db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.id, id), eq(webhooks.accountId, accountId)))
    .limit(1);
  if (!row) throw notFound('Webhook');
  return row;
}

export async function createWebhook(db: Db, agent: AgentRow, body: CreateWebhookBody, allowPrivate: boolean): Promise<WebhookWithSecret> {
  checkUrl(body.url, allowPrivate);
  if (body.siteId) await accountSite(db, agent.accountId, body.siteId);
  const secret = newWebhookSecret();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(webhooks)
      .values({ id: newId('wh'), accountId: agent.accountId, siteId: body.siteId ?? null, url: body.url, events: body.events, secret, createdBy: agent.id })
      .returning();
    await startReadingIfIdle(tx, row!.id);
    return { ...toWebhook(row!), secret };
  });
}

export async function listWebhooks(db: Db, accountId: string): Promise<Webhook[]> {
  return (await db.select().from(webhooks).where(eq(webhooks.accountId, accountId)).orderBy(webhooks.createdAt, webhooks.id)).map(toWebhook);
}

/** Turning an endpoint back on clears why it was off and its failing streak: it gets a fresh day. */
export async function updateWebhook(db: Db, accountId: string, id: string, body: UpdateWebhookBody, allowPrivate: boolean): Promise<Webhook> {
  const before = await accountWebhook(db, accountId, id);
  if (body.url) checkUrl(body.url, allowPrivate);
  if (body.siteId) await accountSite(db, accountId, body.siteId);
  const enabling = body.enabled === true && !before.enabled;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(webhooks)
      .set({
        ...body,
        ...(body.enabled === undefined ? {} : { disabledReason: null }),
        ...(enabling ? { failingSince: null } : {}),
      })
      .where(eq(webhooks.id, before.id))
      .returning();
    if (enabling) await startReadingIfIdle(tx, before.id);
    return toWebhook(row!);
  });
}

export async function deleteWebhook(db: Db, accountId: string, id: string): Promise<WebhookRow> {
  const row = await accountWebhook(db, accountId, id);
  await db.delete(webhooks).where(eq(webhooks.id, row.id));
  return row;
}

/** A new secret; the old one keeps signing beside it for a day (ROTATION_OVERLAP_MS). */
export async function rotateWebhookSecret(db: Db, accountId: string, id: string): Promise<WebhookWithSecret> {
  const before = await accountWebhook(db, accountId, id);
  const secret = newWebhookSecret();
  const [row] = await db
    .update(webhooks)
    .set({ secret, previousSecret: before.secret, previousSecretExpiresAt: new Date(Date.now() + ROTATION_OVERLAP_MS) })
    .where(eq(webhooks.id, before.id))
    .returning();
  return { ...toWebhook(row!), secret };
}

export async function listDeliveries(db: Db, accountId: string, id: string): Promise<WebhookDelivery[]> {
  const hook = await accountWebhook(db, accountId, id);
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.webhookId, hook.id))
    .orderBy(desc(webhookDeliveries.seq))
    .limit(DELIVERIES_SHOWN);
  return rows.map(toDelivery);
}

/** Queues a `webhook.test` event for the endpoint, whatever it subscribed to. */
export async function queueTestEvent(db: Db, accountId: string, id: string): Promise<WebhookDelivery> {
  const hook = await accountWebhook(db, accountId, id);
  const now = new Date();
  const body = JSON.stringify({
    type: 'webhook.test',
    timestamp: now.toISOString(),
    data: { webhookId: hook.id, message: 'A test event from Parley: this endpoint receives and verifies deliveries.' },
  });
  const [row] = await db
    .insert(webhookDeliveries)
    .values({ id: newId('msg'), webhookId: hook.id, type: 'webhook.test', body, status: 'pending', nextAttemptAt: now })
    .returning();
  return toDelivery(row!);
}

/**
 * Sends a delivery again, from its first try, with the same webhook-id (receivers that
 * already took it may skip it: it is the same event). 409 while it is still pending.
 */
export async function replayDelivery(db: Db, accountId: string, id: string, deliveryId: string): Promise<WebhookDelivery> {
  const hook = await accountWebhook(db, accountId, id);
  const [row] = await db
    .update(webhookDeliveries)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: new Date(), error: null, responseStatus: null, deliveredAt: null })
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.webhookId, hook.id), ne(webhookDeliveries.status, 'pending')))
    .returning();
  if (row) return toDelivery(row);
  const [pending] = await db
    .select({ id: webhookDeliveries.id })
    .from(webhookDeliveries)
    .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.webhookId, hook.id)));
  throw pending ? new ApiError(409, 'conflict', 'This delivery is still being tried') : notFound('Delivery');
}
