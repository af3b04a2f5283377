import { z } from 'zod';

/*
 * Inbound email (POST /v1/inbound/email): a mail provider forwards a visitor's emailed reply
 * as the raw RFC 822 message; the envelope recipient (`reply+<token>@…`) names the
 * conversation. The body is bytes, not JSON: these schemas cover what travels beside it.
 */

/** Header a provider sends with the shared secret (PARLEY_INBOUND_WEBHOOK_SECRET). */
export const INBOUND_SECRET_HEADER = 'x-parley-inbound-secret';

/** An email address as SMTP carries it (RFC 5321 caps a path at 256 octets). */
const Recipient = z.string().trim().min(3).max(256).regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address');

/** Header names in lower case: that is how the server sees them. */
export const InboundEmailHeaders = z.object({
  'content-type': z.string().regex(/^message\/rfc822\s*(;|$)/i, 'must be message/rfc822 (the raw mail as the body)'),
  /** The envelope recipient, when the provider can set a header… */
  'x-parley-recipient': Recipient.optional(),
});
export type InboundEmailHeaders = z.infer<typeof InboundEmailHeaders>;

/** …or as `?recipient=` when it can only be configured with a URL. */
export const InboundEmailQuery = z.object({ recipient: Recipient.optional() });
export type InboundEmailQuery = z.infer<typeof InboundEmailQuery>;

/**
 * `stored`: a new visitor message (201). `duplicate`: that Message-ID was stored before.
 * `empty`: nothing was left once the quoted mail and signature were taken off; nothing written.
 */
export const InboundEmailResult = z.object({
  outcome: z.enum(['stored', 'duplicate', 'empty']),
  conversationId: z.string(),
  /** The visitor message holding the reply; null when `empty`. */
  messageId: z.number().int().nullable(),
});
export type InboundEmailResult = z.infer<typeof InboundEmailResult>;
