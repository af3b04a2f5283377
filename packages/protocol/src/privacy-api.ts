import { z } from 'zod';

/*
 * A visitor's rights over their data (docs/api.md, Privacy): consent before the first message
 * when the site asks for it, their data by email, and erasure, from the widget; erasure and
 * the retention preview from the inbox. The export itself is contacts-api.ts's ContactExport.
 */

// ---- POST /v1/widget/consent
/** The visitor agrees to the site's consent text of this version (the one WidgetConfig.consent shows). */
export const ConsentBody = z.object({ version: z.number().int().min(0) });
export type ConsentBody = z.infer<typeof ConsentBody>;

/** A recorded consent: the version and the text agreed to, and when. */
export const ConsentRecord = z.object({ version: z.number().int(), text: z.string(), createdAt: z.iso.datetime() });
export type ConsentRecord = z.infer<typeof ConsentRecord>;

// ---- POST /v1/widget/visitor/export: everything held about the visitor, mailed to their email
export const DataExportSent = z.object({ email: z.string() });
export type DataExportSent = z.infer<typeof DataExportSent>;

// ---- DELETE /v1/inbox/contacts/:id (DELETE /v1/widget/visitor answers 204)
export const ContactErased = z.object({ visitorId: z.string(), conversations: z.number().int() });
export type ContactErased = z.infer<typeof ContactErased>;

// ---- GET /v1/inbox/sites/:id/retention?days=N: what a retention of N days erases now
export const RetentionQuery = z.object({ days: z.coerce.number().int().min(1).max(3650) });
export type RetentionQuery = z.infer<typeof RetentionQuery>;
export const RetentionPreview = z.object({
  days: z.number().int(),
  /** Conversations resolved before this time are erased. */
  before: z.iso.datetime(),
  conversations: z.number().int(),
  /** Visitors left with no conversation, last seen before `before`. */
  visitors: z.number().int(),
});
export type RetentionPreview = z.infer<typeof RetentionPreview>;
