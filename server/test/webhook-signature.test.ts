import { describe, expect, it } from 'vitest';
import { newWebhookSecret, signedHeaders } from '../src/webhooks/signature';
import { verifyStandardWebhook as verify } from './helpers/webhook-receiver';

describe('webhook signatures', () => {
  it('signs id, timestamp and body so that a receiver following the spec verifies them', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const body = JSON.stringify({ type: 'message.created', timestamp: '2026-12-03T18:00:00.000Z', data: { text: 'héllo ✓' } });
    const at = new Date('2026-12-03T18:00:01.500Z');
    const headers = signedHeaders([secret], 'msg_2Lq', at, body);
    expect(headers['webhook-timestamp']).toBe('1796320801');
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(verify(secret, headers, body)).toBe(true);
  });

  it('fails verification for another body, id, timestamp or secret', () => {
    const secret = newWebhookSecret();
    const headers = signedHeaders([secret], 'msg_1', new Date(), '{"a":1}');
    expect(verify(secret, headers, '{"a":2}')).toBe(false);
    expect(verify(secret, { ...headers, 'webhook-id': 'msg_2' }, '{"a":1}')).toBe(false);
    expect(verify(secret, { ...headers, 'webhook-timestamp': '1' }, '{"a":1}')).toBe(false);
    expect(verify(newWebhookSecret(), headers, '{"a":1}')).toBe(false);
  });

  it('signs with every secret given, so a receiver holding either one during a rotation verifies', () => {
    const [old, rotated] = [newWebhookSecret(), newWebhookSecret()];
    const headers = signedHeaders([rotated, old], 'msg_3', new Date(), '{}');
    expect(headers['webhook-signature']!.split(' ')).toHaveLength(2);
    expect(verify(old, headers, '{}') && verify(rotated, headers, '{}')).toBe(true);
  });
});
