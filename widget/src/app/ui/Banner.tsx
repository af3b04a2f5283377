import { fill } from '../i18n';
import { useChat } from './context';
import { EmailForm } from './EmailForm';
import { Rating } from './Rating';
import { Transcript } from './Transcript';

/** Handoff and end-of-chat states under the conversation: queue, the offline path, rating, transcript. */
export function Banner() {
  const [chat, s] = useChat();
  const t = s.strings;
  const { current } = s;
  if (current?.status === 'resolved')
    return (
      <div class="p-banner">
        <p>{t.resolved}</p>
        <Rating />
        <Transcript key={current.id} conversationId={current.id} />
        <button type="button" class="p-link" onClick={() => chat.newConversation()}>
          {t.newConversation}
        </button>
      </div>
    );
  if (current?.status !== 'queued') return null;
  const q = s.queue;
  if (q ? q.agentsOnline && !q.emailFollowUp : chat.host.config.agentsOnline)
    return (
      <div class="p-banner" role="status">
        <p>{t.queued}</p>
        {q?.position && <p>{fill(t.queuePosition, { n: q.position })}</p>}
        {q?.expectedWaitSeconds && <p>{fill(t.expectedWait, { m: Math.max(1, Math.round(q.expectedWaitSeconds / 60)) })}</p>}
      </div>
    );
  // Nobody can answer: the site offers the email prompt, "Send us a message" (its form is in
  // the Tickets chunk), or both.
  const { whenOffline } = chat.host.config.tickets;
  const saved = s.emailSaved ?? q?.email;
  return (
    <div class="p-banner">
      {saved ? (
        <p role="status">{fill(t.emailSaved, { email: saved })}</p>
      ) : whenOffline === 'form' ? (
        <p>{t.offlineForm}</p>
      ) : (
        <EmailForm id="p-offline-email" label={t.agentsOffline} action={t.save} onSave={(email) => chat.saveEmail(email)} />
      )}
      {whenOffline !== 'email' && (
        <button type="button" class={whenOffline === 'form' ? 'p-primary' : 'p-link'} onClick={chat.ticket}>
          {t.ticketNew}
        </button>
      )}
    </div>
  );
}
