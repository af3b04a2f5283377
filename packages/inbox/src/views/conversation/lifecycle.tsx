import { useState } from 'preact/hooks';
import type { ConversationPatchBody, InboxConversation } from '@parley/protocol';
import { AskForm } from './ask-form';

/** Sends a change; true once the server made it (a refusal is shown by the header). */
export type Change = (body: ConversationPatchBody) => Promise<boolean>;

// The server's limits (MessageBody, TicketSubject in @parley/protocol): types only come from
// there, a value import would pull zod into the inbox bundle.
const MAX_QUESTION = 5000;
const MAX_SUBJECT = 200;

function snoozeOptions(now = new Date()): Array<[string, string]> {
  const tomorrow = new Date(now);
  tomorrow.setDate(now.getDate() + 1);
  tomorrow.setHours(9, 0, 0, 0);
  return [
    ['1 hour', new Date(now.getTime() + 3_600_000).toISOString()],
    ['Tomorrow 9:00', tomorrow.toISOString()],
    ['1 week', new Date(now.getTime() + 7 * 86_400_000).toISOString()],
  ];
}

/**
 * Where the conversation goes next: snoozed, resolved, reopened; a ticket also waiting on the
 * customer (with the question they are asked, which is what they then owe) or closed for good;
 * and a chat turned into a ticket (under a subject), or a ticket back into a chat. A closed
 * ticket can only be reopened: the server opens a new ticket when its customer writes again.
 */
export function Lifecycle({ conversation: c, change }: { conversation: InboxConversation; change: Change }) {
  const [asking, setAsking] = useState<'question' | 'subject' | null>(null);
  const ticket = c.kind === 'ticket';
  const finished = c.status === 'resolved' || c.status === 'closed';
  const done = () => setAsking(null);
  const ask = (what: 'question' | 'subject') => setAsking((now) => (now === what ? null : what));
  const button = (label: string, body: ConversationPatchBody, primary = false) => (
    <button type="button" class={primary ? 'primary' : undefined} onClick={() => void change(body)}>
      {label}
    </button>
  );
  return (
    <>
      <div class="actions lifecycle">
        {finished ? (
          button('Reopen', { status: 'open' })
        ) : (
          <>
            <select aria-label="Snooze" value="" onChange={(e) => e.currentTarget.value && void change({ status: 'snoozed', snoozedUntil: e.currentTarget.value })}>
              <option value="">Snooze…</option>
              {snoozeOptions().map(([label, until]) => (
                <option value={until}>{label}</option>
              ))}
            </select>
            {ticket && c.status !== 'pending' && (
              <button type="button" aria-expanded={asking === 'question'} onClick={() => ask('question')}>
                Waiting on customer…
              </button>
            )}
            {button('Resolve', { status: 'resolved' }, true)}
          </>
        )}
        {ticket && c.status !== 'closed' && button('Close', { status: 'closed' })}
        {ticket && c.status !== 'closed' && button('Turn into chat', { kind: 'chat' })}
        {!ticket && (
          <button type="button" aria-expanded={asking === 'subject'} onClick={() => ask('subject')}>
            Turn into ticket…
          </button>
        )}
      </div>
      {asking === 'question' && !finished && (
        <AskForm
          label="Question for the customer"
          help="Sent to them as your reply, and by email. The ticket then waits on their answer."
          multiline
          maxLength={MAX_QUESTION}
          submit="Ask and wait"
          send={async (question) => (await change({ status: 'pending', question })) && done()}
          onCancel={done}
        />
      )}
      {asking === 'subject' && !ticket && (
        <AskForm
          label="Subject"
          help="The ticket gets the site's next reference, and the visitor is told it."
          maxLength={MAX_SUBJECT}
          submit="Turn into ticket"
          send={async (subject) => (await change({ kind: 'ticket', subject })) && done()}
          onCancel={done}
        />
      )}
    </>
  );
}
