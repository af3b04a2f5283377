import { useState } from 'preact/hooks';
import { HttpError } from '../api';
import { contactErrors, FIELDS, type Field } from '../validate';
import { Consent, focusConsent } from './Consent';
import { useChat } from './context';
import { FormField } from './FormField';

const inputType: Record<Field, string> = { name: 'text', email: 'email', phone: 'tel' };
const autoComplete: Record<Field, string> = { name: 'name', email: 'email', phone: 'tel' };

/** The pre-chat form: which fields show and which are required is a site setting. */
export function ContactForm() {
  const [chat, s] = useChat();
  const fields = chat.host.config.contactFields;
  const t = s.strings;
  const [values, setValues] = useState<Partial<Record<Field, string>>>({});
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const shown = FIELDS.filter((f) => fields[f] !== 'hidden');

  const submit = async (e: Event) => {
    e.preventDefault();
    if (s.consent?.ticked === false) return focusConsent(e.currentTarget);
    const found = contactErrors(values, fields, t);
    setErrors(found);
    setFormError(null);
    const first = shown.find((f) => found[f]);
    if (first) {
      (e.currentTarget as HTMLFormElement).querySelector<HTMLInputElement>(`[name=${first}]`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const contact = Object.fromEntries(shown.map((f) => [f, values[f]?.trim()]).filter(([, v]) => v));
      await chat.submitContact(contact);
    } catch (err) {
      // A consent refused shows the box again, unticked; that says enough.
      if (chat.consent.refused(err)) return;
      // The server validates too; its message names the field (`email: must be an email address`).
      setFormError(err instanceof HttpError && err.status === 400 ? err.message : navigator.onLine ? t.error : t.offline);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="p-form" onSubmit={submit} noValidate>
      <p class="p-form-intro">{t.contactIntro}</p>
      {shown.map((f) => (
        <FormField key={f} id={`p-f-${f}`} label={t[f]} optional={fields[f] === 'optional'} error={errors[f]}>
          {(control) => (
            <input
              {...control}
              name={f}
              type={inputType[f]}
              autoComplete={autoComplete[f]}
              required={fields[f] === 'required'}
              value={values[f] ?? ''}
              onInput={(e) => setValues({ ...values, [f]: e.currentTarget.value })}
            />
          )}
        </FormField>
      ))}
      <Consent />
      {formError && (
        <p class="p-error" role="alert">
          {formError}
        </p>
      )}
      <button type="submit" class="p-primary" disabled={busy}>
        {t.start}
      </button>
    </form>
  );
}
