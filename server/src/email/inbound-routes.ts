import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { INBOUND_SECRET_HEADER, InboundEmailHeaders, InboundEmailQuery } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { limitBody } from '../http/body-limit';
import { ApiError } from '../http/errors';
import { validate } from '../http/validate';
import { receiveReply, type InboundOutcome } from './inbound';


// Digests have one length whatever was sent, so the comparison leaks neither content nor length.
const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * POST /v1/inbound/email: a mail provider's inbound webhook, the other way in beside the SMTP
 * listener. Mounted only with PARLEY_INBOUND_WEBHOOK_SECRET. The body is a whole mail,
 * attachments included: PARLEY_INBOUND_MAX_BYTES, not the JSON limit.
 */
export function inboundEmailRoutes(deps: Deps, secret: string) {
  const expected = digest(secret);
  const requireSecret = createMiddleware(async (c, next) => {
    const given = c.req.header(INBOUND_SECRET_HEADER);
    if (!given || !timingSafeEqual(digest(given), expected)) {
      throw new ApiError(401, 'unauthorized', `${INBOUND_SECRET_HEADER}: missing or wrong`);
    }
    await next();
  });

  return new Hono().post('/', limitBody(deps.config.PARLEY_INBOUND_MAX_BYTES), requireSecret, validate('header', InboundEmailHeaders), validate('query', InboundEmailQuery), async (c) => {
    const recipient = c.req.valid('header')['x-parley-recipient'] ?? c.req.valid('query').recipient;
    if (!recipient) throw new ApiError(400, 'invalid_request', 'recipient: required, as the X-Parley-Recipient header or ?recipient=');
    const [outcome] = (await receiveReply(deps, [recipient], Buffer.from(await c.req.arrayBuffer()))) as [InboundOutcome];
    if (!outcome.ok && outcome.reason === 'unknown_recipient') throw new ApiError(404, 'not_found', 'No conversation has that reply address');
    if (!outcome.ok && outcome.reason === 'rate_limited') throw new ApiError(429, 'rate_limited', 'Too many mails for this conversation: retry later');
    if (!outcome.ok) throw new ApiError(400, 'invalid_request', 'The body is not an email message (RFC 822)');
    return c.json(outcome.result, outcome.result.outcome === 'stored' ? 201 : 200);
  });
}
