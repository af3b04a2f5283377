import { createHmac, timingSafeEqual } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signedHeaders } from './signature';

/** The receiver's side, written from the Standard Webhooks spec with node:crypto alone: an implementation independent of the one that signs. */
function verify(secret: string, headers: Record<string, string>, body: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`).digest();
  return headers['webhook-signature']!.split(' ').some((sig) => {
    const [version, value] = sig.split(',');
    const given = Buffer.from(value ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

describe('webhook signatures', () => {
  it('signs id, timestamp and body so that a receiver following the spec verifies them', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const body = JSON.stringify({ type: 'message.created', timestamp: '2026-12-03T18:00:00.000Z', data: { text: 'héllo ✓' } });
    const at = new Date('2026-12-03T18:00:01.500Z');
    const headers = signedHeaders(secret, 'msg_2Lq', at, body);
    expect(headers['webhook-timestamp']).toBe('1796320801');
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(verify(secret, headers, body)).toBe(true);
  });

  it('fails verification for another body, id, timestamp or secret', () => {
    const secret = newWebhookSecret();
    const headers = signedHeaders(secret, 'msg_1', new Date(), '{"a":1}');
    expect(verify(secret, headers, '{"a":2}')).toBe(false);
    expect(verify(secret, { ...headers, 'webhook-id': 'msg_2' }, '{"a":1}')).toBe(false);
    expect(verify(secret, { ...headers, 'webhook-timestamp': '1' }, '{"a":1}')).toBe(false);
    expect(verify(newWebhookSecret(), headers, '{"a":1}')).toBe(false);
  });
});
