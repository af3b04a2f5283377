import type { TicketCreated } from '@parley/protocol';
import { useRef, useState } from 'preact/hooks';
import { HttpError, newClientId } from '../api';
import { fill } from '../i18n';
import { Consent, focusConsent } from '../ui/Consent';
import { useChat } from '../ui/context';
import { FormField } from '../ui/FormField';
import { useHeading } from '../ui/focus';
import { Failed } from '../ui/Parts';
import { useEmailAsk } from './askEmail';
import { draftErrors, emptyDraft, ticketBody, type Draft, type DraftErrors } from './draft';
import { TicketList } from './TicketList';

/**
 * "Send us a message": a subject, a description, a category when the site has some, an email
 * when none is on file. A new visitor is created first, with their consent, as before a first
 * chat message. The ticket keeps its clientId across retries, so a send whose answer was lost
 * makes one ticket; what was typed stays until the server confirms it.
 */
export function TicketForm() {
  const [chat, s] = useChat();
  const t = s.strings;
  const { categories } = chat.host.config.tickets;
  const email = useEmailAsk();
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [clientId] = useState(() => newClientId('t-'));
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const [refusal, setRefusal] = useState('');
  const [sent, setSent] = useState<TicketCreated | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const heading = useHeading(true);
  const confirmation = useHeading<HTMLParagraphElement>(sent);

  const send = async () => {
    setBusy(true);
    setFailed(false);
    setRefusal('');
    try {
      await chat.ready();
      setSent(await chat.request<TicketCreated>('POST', '/tickets', ticketBody(clientId, draft, email)));
    } catch (e) {
      // A consent refused shows the box again, unticked; that says enough.
      if (chat.consent.refused(e)) return;
      // The server validates too, and its message names the field; anything else may not
      // have arrived, and a retry with the same clientId cannot make a second ticket.
      if (e instanceof HttpError && e.status === 400) setRefusal(e.message);
      else setFailed(true);
    } finally {
      setBusy(false);
    }
  };

  const submit = (e?: Event) => {
    e?.preventDefault();
    if (busy) return;
    const found = draftErrors(draft, email, t);
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) return form.current?.querySelector<HTMLElement>(`[name=${first}]`)?.focus();
    if (s.consent?.ticked === false) return focusConsent(form.current);
    void send();
  };
  const edit = (field: keyof Draft) => (e: { currentTarget: { value: string } }) => setDraft({ ...draft, [field]: e.currentTarget.value });

  if (sent)
    return (
      <>
        <p ref={confirmation} tabIndex={-1} role="status">
          {fill(t.ticketSent, { reference: sent.reference })}
        </p>
        <TicketList focus={false} />
      </>
    );
  return (
    <>
      <h3 id="p-ticket-h" ref={heading} tabIndex={-1}>
        {t.ticketNew}
      </h3>
      <form ref={form} aria-labelledby="p-ticket-h" onSubmit={submit} noValidate>
        <FormField id="p-t-subject" label={t.subject} error={errors.subject}>
          {(control) => <input {...control} name="subject" maxLength={200} required value={draft.subject} onInput={edit('subject')} />}
        </FormField>
        <FormField id="p-t-body" label={t.description} error={errors.body}>
          {(control) => <textarea {...control} name="body" rows={5} maxLength={5000} required value={draft.body} onInput={edit('body')} />}
        </FormField>
        {categories.length > 0 && (
          <FormField id="p-t-category" label={t.category} optional>
            {(control) => (
              <select {...control} name="category" value={draft.category} onInput={edit('category')}>
                <option value="">{t.pickCategory}</option>
                {categories.map((name) => (
                  <option key={name}>{name}</option>
                ))}
              </select>
            )}
          </FormField>
        )}
        {email && (
          <FormField id="p-t-email" label={t.email} optional={email === 'optional'} error={errors.email}>
            {(control) => (
              <input {...control} name="email" type="email" autoComplete="email" required={email === 'required'} value={draft.email} onInput={edit('email')} />
            )}
          </FormField>
        )}
        <Consent />
        {refusal && (
          <p class="p-error" role="alert">
            {refusal}
          </p>
        )}
        {failed && <Failed retry={submit} />}
        <button type="submit" class="p-primary" disabled={busy}>
          {t.send}
        </button>
      </form>
    </>
  );
}
