import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A new endpoint secret as Standard Webhooks spells it: `whsec_` and 24 random bytes in base64. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/**
 * The headers of one delivery attempt, per the Standard Webhooks spec: `webhook-id` (the same
 * on every retry of a delivery: receivers dedupe on it), `webhook-timestamp` (seconds), and
 * `webhook-signature`, `v1,` + the base64 HMAC-SHA256 of `id.timestamp.body` keyed by the
 * secret's bytes (signed by the standard's own library), one per secret, space-separated: the
 * spec's way through a rotation, when a receiver may still hold the old secret.
 */
export function signedHeaders(secrets: readonly string[], id: string, at: Date, body: string): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(id, at, body)).join(' '),
  };
}
