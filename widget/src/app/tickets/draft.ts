import type { CreateTicketBody } from '@parley/protocol';
import type { Strings } from '../i18n';
import { EMAIL } from '../validate';

/** What the visitor typed in "Send us a message". */
export interface Draft {
  subject: string;
  body: string;
  category: string;
  email: string;
}

export type DraftErrors = Partial<Record<keyof Draft, string>>;

/** How the form asks for an email: not at all (one is on file), or as the site's setting says. */
export type EmailAsk = 'required' | 'optional' | null;

export const emptyDraft: Draft = { subject: '', body: '', category: '', email: '' };

/** Inline errors, in the order the fields show; empty when the draft may be sent. */
export function draftErrors(draft: Draft, email: EmailAsk, t: Strings): DraftErrors {
  const errors: DraftErrors = {};
  if (!draft.subject.trim()) errors.subject = t.errRequired;
  if (!draft.body.trim()) errors.body = t.errRequired;
  const address = draft.email.trim();
  if (email && address && !EMAIL.test(address)) errors.email = t.errEmail;
  else if (email === 'required' && !address) errors.email = t.errRequired;
  return errors;
}

/** The request: trimmed, without a category left unchosen or an email the form did not ask for. */
export function ticketBody(clientId: string, draft: Draft, email: EmailAsk): CreateTicketBody {
  const address = draft.email.trim();
  return {
    clientId,
    subject: draft.subject.trim(),
    body: draft.body.trim(),
    ...(draft.category && { category: draft.category }),
    ...(email && address && { email: address }),
  };
}
