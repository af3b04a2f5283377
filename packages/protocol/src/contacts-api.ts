import { z } from 'zod';
import { humanText } from './text';
import { InboxVisitor } from './inbox-conversations-api';
import { ConsentRecord } from './privacy-api';
import { VisitorAttributes } from './visitor-actions';
import { AuthorType, ConversationStatus, Email, Phone } from './widget-api';

/*
 * Contacts under /v1/inbox/contacts (any agent; API tokens with contacts:read / contacts:write):
 * the account's visitors who are someone: who wrote (a conversation) or told who they are
 * (a name, an email, a phone, or a verified identify). Anonymous page views are not contacts.
 */

/** A contact: the visitor as the inbox sidebar shows them, with their site and how many conversations they had. */
export const Contact = InboxVisitor.extend({ siteId: z.string(), conversationCount: z.number().int() });
export type Contact = z.infer<typeof Contact>;

// ---- GET /v1/inbox/contacts?siteId=&q=&before=&limit=
export const ContactQuery = z.object({
  siteId: z.string().min(1).max(64).optional(),
  /** Part of a name, email, phone or the site's user id; any case. */
  q: z.string().trim().min(1).max(200).optional(),
  /** The `nextBefore` of the page before. */
  before: z
    .string()
    .regex(/^\d{1,15}\.[\w-]{1,64}$/, 'must be the nextBefore of the page before')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ContactQuery = z.infer<typeof ContactQuery>;

/** Newest first; `nextBefore` is null after the last page. */
export const ContactList = z.object({ contacts: z.array(Contact), nextBefore: z.string().nullable() });
export type ContactList = z.infer<typeof ContactList>;

// ---- PATCH /v1/inbox/contacts/:id
export const UpdateContactBody = z
  .object({
    name: humanText(120).nullable().optional(),
    email: Email.nullable().optional(),
    phone: Phone.nullable().optional(),
    /** Merged into the stored attributes; a null value removes the key. */
    attributes: VisitorAttributes.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), 'must change at least one field');
export type UpdateContactBody = z.infer<typeof UpdateContactBody>;

// ---- GET /v1/inbox/contacts/:id/export (owner, admin; API tokens: contacts:read)
const ExportedMessage = z.object({
  id: z.number().int(),
  author: z.object({ type: AuthorType, name: z.string().nullable() }),
  body: z.string(),
  /** A private note of the agents: never shown to the visitor. */
  internal: z.boolean(),
  createdAt: z.iso.datetime(),
});

/** Everything Parley holds about one visitor, in one document (a data-subject access request). */
export const ContactExport = z.object({
  exportedAt: z.iso.datetime(),
  contact: Contact,
  /** Browsers and devices the visitor is signed in on (their tokens are stored hashed, never exported). */
  devices: z.array(z.object({ createdAt: z.iso.datetime() })),
  conversations: z.array(
    z.object({
      id: z.string(),
      status: ConversationStatus,
      createdAt: z.iso.datetime(),
      updatedAt: z.iso.datetime(),
      resolvedAt: z.iso.datetime().nullable(),
      rating: z.number().int().nullable(),
      ratingComment: z.string().nullable(),
      messages: z.array(ExportedMessage),
      /** Agents' replies mailed to the visitor, and how each went. */
      emails: z.array(z.object({ messageId: z.number().int(), to: z.string(), status: z.string(), sentAt: z.iso.datetime().nullable() })),
      /** Files the visitor sent over WhatsApp, their bytes in base64. */
      files: z.array(z.object({ id: z.string(), mime: z.string(), filename: z.string().nullable(), createdAt: z.iso.datetime(), base64: z.string() })).default([]),
    }),
  ),
  /** "Was this helpful?" on the bot's answers and on articles. */
  feedback: z.array(z.object({ on: z.enum(['message', 'article']), id: z.string(), helpful: z.boolean(), createdAt: z.iso.datetime() })),
  /** What the visitor agreed to before their first message, when the site asks. */
  consents: z.array(ConsentRecord),
  /** What they searched the help center for, in visits tied to them (a visit is, once it starts a conversation or their widget already knew them). */
  helpSearches: z.array(z.object({ query: z.string(), results: z.number().int(), createdAt: z.iso.datetime() })),
});
export type ContactExport = z.infer<typeof ContactExport>;
