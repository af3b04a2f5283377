import type { DataExportSent } from '@parley/protocol';
import { useEffect, useRef, useState } from 'preact/hooks';
import { HttpError } from '../api';
import { fill } from '../i18n';
import { EmailForm } from './EmailForm';
import { useChat } from './context';

const status = (e: unknown) => (e instanceof HttpError ? e.status : 0);

/**
 * "Your data" under past conversations: everything held about the visitor, mailed to the
 * email they gave (asked for here when they gave none), and erasing it all, after a
 * confirmation whose safe choice has the focus.
 */
export function YourData() {
  const [chat, s] = useChat();
  const t = s.strings;
  const [note, setNote] = useState('');
  const [askEmail, setAskEmail] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  // Whichever button the step just showed takes the focus: Cancel, or the one that opened it.
  const focus = useRef<HTMLButtonElement>(null);
  const stepped = useRef(false);
  useEffect(() => {
    if (stepped.current) focus.current?.focus();
    stepped.current = true;
  }, [confirming]);

  const exportData = () =>
    chat.request<DataExportSent>('POST', '/visitor/export').then(
      (r) => {
        setAskEmail(false);
        setNote(fill(t.dataSent, { email: r.email }));
      },
      (e: unknown) => {
        // 409: no email to send to yet; 429: the server says when to ask again.
        setAskEmail(status(e) === 409);
        setNote(status(e) === 409 ? '' : status(e) === 429 ? (e as Error).message : t.error);
      },
    );
  const erase = () => {
    setBusy(true);
    setError('');
    // On success the panel shows an empty chat: this part is gone.
    chat.erase().catch(() => {
      setBusy(false);
      setError(t.error);
    });
  };

  return (
    <section class="p-data" aria-labelledby="p-data-h">
      <h3 id="p-data-h">{t.yourData}</h3>
      {askEmail ? (
        <EmailForm
          id="p-data-email"
          label={t.dataNeedsEmail}
          action={t.send}
          focus
          onSave={(email) => chat.request('PATCH', '/visitor', { email }).then(exportData, (e: unknown) => (status(e) === 400 ? t.errEmail : t.error))}
        />
      ) : (
        <button type="button" class="p-link" onClick={exportData}>
          {t.dataExport}
        </button>
      )}
      {note && (
        <p class="p-note" role="status">
          {note}
        </p>
      )}
      {confirming ? (
        <div class="p-confirm" role="group" aria-labelledby="p-erase-q">
          <p id="p-erase-q">{t.eraseConfirm}</p>
          <div class="p-row">
            <button type="button" class="p-primary p-danger" disabled={busy} onClick={erase}>
              {t.eraseYes}
            </button>
            <button type="button" class="p-chip" ref={focus} onClick={() => setConfirming(false)}>
              {t.cancel}
            </button>
          </div>
          {error && (
            <p class="p-error" role="alert">
              {error}
            </p>
          )}
        </div>
      ) : (
        <button type="button" class="p-link" ref={focus} onClick={() => setConfirming(true)}>
          {t.erase}
        </button>
      )}
    </section>
  );
}
