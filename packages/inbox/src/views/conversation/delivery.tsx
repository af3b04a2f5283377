import type { EmailDelivery, InboxMessage, WhatsAppDelivery } from '@parley/protocol';
import { clock, plural } from '../../format';

/** A delivery as one line: `look` picks its style (`retrying` and `failed` are the ones to act on). */
interface Note {
  look: string;
  text: string;
}

const tryingAgain = (d: { error: string | null; nextAttemptAt: string | null }) =>
  `(${d.error ?? 'no answer'}), trying again${d.nextAttemptAt ? ` at ${clock(d.nextAttemptAt)}` : ' now'}`;

function emailNote(d: EmailDelivery): Note {
  const text =
    d.status === 'sent'
      ? `Emailed to ${d.to}`
      : d.status === 'sending'
        ? `Emailing ${d.to}…`
        : d.status === 'retrying'
          ? `Email to ${d.to} not sent yet ${tryingAgain(d)}`
          : `Email to ${d.to} failed after ${plural(d.attempts, 'attempt')}: ${d.error ?? 'no answer'}`;
  return { look: d.status, text };
}

// `queued` covers both a first try under way and retries after an error: only the error tells them apart.
function whatsappNote(d: WhatsAppDelivery): Note {
  switch (d.status) {
    case 'queued':
      return d.error ? { look: 'retrying', text: `Not sent to WhatsApp yet ${tryingAgain(d)}` } : { look: 'sending', text: 'Sending to WhatsApp…' };
    case 'sent':
      return { look: 'sent', text: 'Sent to WhatsApp' };
    case 'delivered':
      return { look: 'sent', text: 'Delivered on WhatsApp' };
    case 'read':
      return { look: 'sent', text: 'Read on WhatsApp' };
    case 'failed':
      return { look: 'failed', text: `WhatsApp message failed after ${plural(d.attempts, 'attempt')}: ${d.error ?? 'no answer'}` };
  }
}

function DeliveryLine({ note, status, testId }: { note: Note; status: string; testId: string }) {
  return (
    <span class={`delivery ${note.look}`} data-testid={testId} data-status={status}>
      {note.text}
    </span>
  );
}

/**
 * Where an agent's reply stands on its way to a visitor who is not in the widget: by email, or
 * on WhatsApp. The agent learns whether it reached them, and why not.
 */
export function DeliveryNotes({ m }: { m: Pick<InboxMessage, 'emailDelivery' | 'whatsappDelivery'> }) {
  return (
    <>
      {m.emailDelivery && <DeliveryLine note={emailNote(m.emailDelivery)} status={m.emailDelivery.status} testId="email-delivery" />}
      {m.whatsappDelivery && <DeliveryLine note={whatsappNote(m.whatsappDelivery)} status={m.whatsappDelivery.status} testId="whatsapp-delivery" />}
    </>
  );
}
