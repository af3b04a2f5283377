import { z } from 'zod';

/** Machine-readable error codes. Clients branch on `code`; `message` is for humans. */
export const ErrorCode = z.enum([
  'invalid_request',
  'invalid_json',
  'unauthorized',
  'forbidden',
  'origin_not_allowed',
  'not_found',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  /** 403: the site asks for consent before the first message, and this visitor has not given it for the current text. */
  'consent_required',
  /** 409: WhatsApp takes a free-form message only within 24 hours of the customer's last one; send a template. */
  'window_closed',
  /** 503: the server is not ready, or shutting down: retry, another process may answer. */
  'unavailable',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** Every 4xx/5xx body: `{ "error": { "code": "not_found", "message": "Conversation not found" } }`. */
export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
