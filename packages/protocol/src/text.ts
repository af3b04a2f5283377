import { z } from 'zod';

export const MAX_MESSAGE_LENGTH = 5000;

// C0 controls except tab/newline/carriage return, DEL, C1 controls, and lone UTF-16
// surrogates: valid JSON, but not text, and they corrupt every client that renders them.
// With the `u` flag a surrogate class matches only unpaired surrogates.
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDFFF]/u;

/** True when the text holds a control character or a lone surrogate. */
export function hasForbiddenChars(text: string): boolean {
  return FORBIDDEN_CHARS.test(text);
}

/** The text without what hasForbiddenChars refuses: for text nobody typed into our forms (a mail). */
export function withoutForbiddenChars(text: string): string {
  return text.replace(new RegExp(FORBIDDEN_CHARS.source, 'gu'), '');
}

/** Free text typed by a person: trimmed, non-empty, bounded, printable. */
export function humanText(max: number) {
  return z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((s) => !hasForbiddenChars(s), 'must not contain control characters');
}

export const MessageBody = humanText(MAX_MESSAGE_LENGTH);

/** Client-generated idempotency key: a retry with the same key returns the stored record. */
export const ClientId = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'must use only letters, digits, "_" and "-"');

/** `/:id` in a path: every resource id (conversation, article, canned response, …) fits this. */
export const IdParams = z.object({ id: z.string().min(1).max(64) });
