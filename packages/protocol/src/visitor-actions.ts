import { z } from 'zod';
import { humanText } from './text';
import { Email, PageUrl, Phone, SiteKey, VisitorSession } from './widget-api';

/*
 * Visitor API endpoints behind the widget's JS API (identify, update) and its conversation
 * actions (typing, read receipts, rating, transcript, handoff, "Was this helpful?"). docs/api.md shows
 * each with an example.
 */

// ---- POST /v1/widget/identify
export const UserId = z.string().trim().min(1).max(128);
export const IdentifyBody = z.object({
  site: SiteKey,
  userId: UserId,
  /** Hex HMAC-SHA256 of userId keyed with the site's secret, computed by the site's server. */
  userHash: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be a hex HMAC-SHA256 of userId'),
  name: humanText(120).optional(),
  email: Email.optional(),
  phone: Phone.optional(),
});
export type IdentifyBody = z.infer<typeof IdentifyBody>;

export const IdentifyResult = VisitorSession;
export type IdentifyResult = z.infer<typeof IdentifyResult>;

// ---- PATCH /v1/widget/visitor
const AttributeValue = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);
export const VisitorAttributes = z
  .record(z.string().min(1).max(64), AttributeValue)
  .refine((r) => Object.keys(r).length <= 50, 'must have at most 50 attributes');

export const UpdateVisitorBody = z
  .object({
    name: humanText(120).optional(),
    email: Email.optional(),
    phone: Phone.optional(),
    locale: z.string().min(2).max(35).optional(),
    /** The page the visitor is on now (the widget sends it once per navigation). */
    page: PageUrl.optional(),
    /** Merged into the stored attributes; a null value removes the key. */
    attributes: VisitorAttributes.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'must change at least one field');
export type UpdateVisitorBody = z.infer<typeof UpdateVisitorBody>;

export const VisitorProfile = z.object({
  visitorId: z.string(),
  userId: z.string().nullable(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  locale: z.string().nullable(),
  attributes: z.record(z.string(), AttributeValue),
  /** The newest consent version the visitor agreed to, while the site asks for consent; null if none (or it asks for none). */
  consentVersion: z.number().int().nullable(),
});
export type VisitorProfile = z.infer<typeof VisitorProfile>;

// ---- POST /v1/widget/conversations/:id/typing
export const TypingBody = z.object({ isTyping: z.boolean() });
export type TypingBody = z.infer<typeof TypingBody>;

// ---- POST /v1/widget/conversations/:id/read
export const ReadBody = z.object({ messageId: z.number().int().min(1) });
export type ReadBody = z.infer<typeof ReadBody>;

// ---- POST /v1/widget/conversations/:id/rating
export const RatingBody = z.object({
  rating: z.number().int().min(1).max(5),
  comment: humanText(1000).optional(),
});
export type RatingBody = z.infer<typeof RatingBody>;

// ---- POST /v1/widget/conversations/:id/transcript
export const TranscriptBody = z.object({
  /** Where to send it; without one, the email the visitor gave before. */
  email: Email.optional(),
});
export type TranscriptBody = z.infer<typeof TranscriptBody>;
/** The address the transcript went to. */
export const TranscriptResult = z.object({ email: z.string() });
export type TranscriptResult = z.infer<typeof TranscriptResult>;

// ---- POST /v1/widget/messages/:id/feedback
export const MessageParams = z.object({ id: z.coerce.number().int().min(1) });
export const FeedbackBody = z.object({ helpful: z.boolean() });
export const Feedback = z.object({ messageId: z.number().int(), helpful: z.boolean(), createdAt: z.iso.datetime() });
export type Feedback = z.infer<typeof Feedback>;
