import { createHmac, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { WhatsAppVerifyQuery, WhatsAppWebhook } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { whatsappInbound } from '../db/tables';
import { limitBody } from '../http/body-limit';
import { ApiError, notFound } from '../http/errors';
import { validate } from '../http/validate';
import { channelSecrets, findChannel } from './channels';

/** Meta's deliveries are small JSON documents; a megabyte is more than any carries. */
const MAX_BYTES = 1024 * 1024;

/**
 * Whether `header` (X-Hub-Signature-256: `sha256=<hex>`) is the HMAC-SHA256 of the raw body
 * under the app secret. Both sides are digests of one length, compared in constant time.
 */
export function validSignature(body: Buffer, header: string | undefined, appSecret: string): boolean {
  const given = /^sha256=([0-9a-f]{64})$/i.exec(header ?? '')?.[1];
  if (!given) return false;
  return timingSafeEqual(Buffer.from(given.toLowerCase(), 'hex'), createHmac('sha256', appSecret).update(body).digest());
}

export interface WhatsAppWebhookOptions {
  /** A delivery was queued: the inbound worker processes it (whatsapp/service.ts, by name). */
  onQueued(): void;
}

/**
 * /v1/whatsapp/:channelId/webhook, Meta's way in. GET is the verification handshake: the
 * challenge back when the mode is `subscribe` and the verify token is the channel's, 403
 * otherwise. POST checks X-Hub-Signature-256 against the raw body before reading anything in
 * it — missing or wrong is 401 and nothing is written — then keeps the delivery in a durable
 * queue and answers 200 at once; the worker turns it into messages and statuses.
 */
export function whatsappWebhookRoutes(deps: Deps, { onQueued }: WhatsAppWebhookOptions) {
  const channelOf = async (id: string) => {
    const channel = await findChannel(deps.db, id);
    if (!channel) throw notFound('Channel');
    return channel;
  };
  return new Hono()
    .get('/:channelId/webhook', validate('query', WhatsAppVerifyQuery), async (c) => {
      const channel = await channelOf(c.req.param('channelId'));
      const q = c.req.valid('query');
      const token = Buffer.from(q['hub.verify_token'] ?? '');
      const expected = Buffer.from(channel.verifyToken);
      const matches = token.length === expected.length && timingSafeEqual(token, expected);
      if (q['hub.mode'] !== 'subscribe' || !matches || !q['hub.challenge']) throw new ApiError(403, 'forbidden', 'hub.verify_token: not this channel’s');
      return c.text(q['hub.challenge']);
    })
    .post('/:channelId/webhook', limitBody(MAX_BYTES), async (c) => {
      const channel = await channelOf(c.req.param('channelId'));
      const body = Buffer.from(await c.req.arrayBuffer());
      const secrets = channelSecrets(deps.config, channel);
      if (!secrets) throw new ApiError(503, 'unavailable', 'The channel’s app secret cannot be read on this server (PARLEY_SECRET_KEY)');
      if (!validSignature(body, c.req.header('x-hub-signature-256'), secrets.appSecret))
        throw new ApiError(401, 'unauthorized', 'X-Hub-Signature-256: missing or wrong');
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        throw new ApiError(400, 'invalid_json', 'The body is not JSON');
      }
      if (!WhatsAppWebhook.safeParse(parsed).success) throw new ApiError(400, 'invalid_request', 'The body is not a WhatsApp webhook delivery');
      await deps.db.insert(whatsappInbound).values({ channelId: channel.id, body: body.toString('utf8'), nextAttemptAt: new Date() });
      onQueued();
      return c.json({ received: true });
    });
}
