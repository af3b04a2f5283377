import { Hono } from 'hono';
import { CreateWebhookBody, IdParams, UpdateWebhookBody, WebhookDeliveryParams, type WebhookDeliveryList, type WebhookList } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { audit } from '../audit/audit';
import { ADMIN_ROLES, requireAgent, type InboxEnv } from '../auth/agent-auth';
import { validate } from '../http/validate';
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks, queueTestEvent, replayDelivery, rotateWebhookSecret, updateWebhook } from './endpoints';

export interface WebhookRouteOptions {
  /** A delivery was queued by hand (a test event, a replay): send it now. */
  onQueued: () => Promise<void>;
}

/**
 * /v1/inbox/webhooks: owners and admins (API tokens: settings:read, settings:write) manage
 * the account's endpoints, see each one's recent deliveries, replay one, send a test event.
 * The secret is in the answers to a create and a rotation only.
 */
export function webhookInboxRoutes({ db, config }: Deps, { onQueued }: WebhookRouteOptions) {
  const allowPrivate = config.PARLEY_WEBHOOK_ALLOW_PRIVATE;
  return new Hono<InboxEnv>()
    .use(requireAgent({ roles: ADMIN_ROLES }))
    .get('/', async (c) => {
      const body: WebhookList = { webhooks: await listWebhooks(db, c.get('agent').accountId) };
      return c.json(body);
    })
    .post('/', validate('json', CreateWebhookBody), async (c) => {
      const agent = c.get('agent');
      const created = await createWebhook(db, agent, c.req.valid('json'), allowPrivate);
      await audit(db, agent, 'webhook.create', created.id, { host: new URL(created.url).host, events: created.events });
      return c.json(created, 201);
    })
    .patch('/:id', validate('param', IdParams), validate('json', UpdateWebhookBody), async (c) => {
      const agent = c.get('agent');
      const body = c.req.valid('json');
      const updated = await updateWebhook(db, agent.accountId, c.req.valid('param').id, body, allowPrivate);
      await audit(db, agent, 'webhook.update', updated.id, { fields: Object.keys(body) });
      // Turned back on: what waited for it is due.
      if (body.enabled) await onQueued();
      return c.json(updated);
    })
    .delete('/:id', validate('param', IdParams), async (c) => {
      const agent = c.get('agent');
      const deleted = await deleteWebhook(db, agent.accountId, c.req.valid('param').id);
      await audit(db, agent, 'webhook.delete', deleted.id, { host: new URL(deleted.url).host });
      return c.body(null, 204);
    })
    .post('/:id/rotate-secret', validate('param', IdParams), async (c) => {
      const agent = c.get('agent');
      const rotated = await rotateWebhookSecret(db, agent.accountId, c.req.valid('param').id);
      await audit(db, agent, 'webhook.rotate_secret', rotated.id, {});
      return c.json(rotated);
    })
    .post('/:id/test', validate('param', IdParams), async (c) => {
      const delivery = await queueTestEvent(db, c.get('agent').accountId, c.req.valid('param').id);
      await onQueued();
      return c.json(delivery, 202);
    })
    .get('/:id/deliveries', validate('param', IdParams), async (c) => {
      const body: WebhookDeliveryList = { deliveries: await listDeliveries(db, c.get('agent').accountId, c.req.valid('param').id) };
      return c.json(body);
    })
    .post('/:id/deliveries/:deliveryId/replay', validate('param', WebhookDeliveryParams), async (c) => {
      const { id, deliveryId } = c.req.valid('param');
      const delivery = await replayDelivery(db, c.get('agent').accountId, id, deliveryId);
      await onQueued();
      return c.json(delivery, 202);
    });
}
