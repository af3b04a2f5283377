import { useState } from 'preact/hooks';
import { fill } from '../i18n';
import { EMAIL } from '../validate';
import { useChat } from './context';
import { Rating } from './Rating';

/** Handoff and end-of-chat states under the conversation: queue, the offline path, rating. */
export function Banner() {
  const [chat, s] = useChat();
  const t = s.strings;
  const [email, setEmail] = useState('');
  const [invalid, setInvalid] = useState(false);
  const status = s.current?.status;
  if (status === 'resolved')
    return (
      <div class="p-banner">
        <p>{t.resolved}</p>
        <Rating />
        <button type="button" class="p-link" onClick={() => chat.newConversation()}>
          {t.newConversation}
        </button>
      </div>
    );
  if (status !== 'queued') return null;
  const q = s.queue;
  if (q ? q.agentsOnline && !q.emailFollowUp : chat.host.config.agentsOnline)
    return (
      <div class="p-banner" role="status">
        <p>{t.queued}</p>
        {q?.position && <p>{fill(t.queuePosition, { n: q.position })}</p>}
        {q?.expectedWaitSeconds && <p>{fill(t.expectedWait, { m: Math.max(1, Math.round(q.expectedWaitSeconds / 60)) })}</p>}
      </div>
    );
  const saved = s.emailSaved ?? q?.email;
  if (saved) return <p class="p-banner" role="status">{fill(t.emailSaved, { email: saved })}</p>;
  return (
    <form
      class="p-banner p-inline-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const ok = EMAIL.test(email.trim());
        setInvalid(!ok);
        if (ok) chat.saveEmail(email.trim());
      }}
    >
      <label for="p-offline-email">{t.agentsOffline}</label>
      <div class="p-row">
        <input
          id="p-offline-email"
          type="email"
          autoComplete="email"
          value={email}
          aria-invalid={invalid ? 'true' : undefined}
          aria-describedby={invalid ? 'p-offline-err' : undefined}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
        <button type="submit" class="p-primary">
          {t.save}
        </button>
      </div>
      {invalid && (
        <span id="p-offline-err" class="p-error">
          {t.errEmail}
        </span>
      )}
    </form>
  );
}
