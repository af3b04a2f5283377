import type { TranscriptResult, VisitorProfile } from '@parley/protocol';
import { useState } from 'preact/hooks';
import { HttpError } from '../api';
import { fill } from '../i18n';
import { EmailForm } from './EmailForm';
import { useChat } from './context';

/**
 * "Email me the transcript" under an ended conversation. The form opens prefilled with the
 * email the server knows for this visitor (contact form, identify, the offline path).
 */
export function Transcript({ conversationId }: { conversationId: string }) {
  const [chat, s] = useChat();
  const t = s.strings;
  const [known, setKnown] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState('');
  if (sentTo)
    return (
      <p class="p-note" role="status">
        {fill(t.transcriptSent, { email: sentTo })}
      </p>
    );
  if (known === null)
    return (
      <button
        type="button"
        class="p-link"
        onClick={() =>
          chat
            .request<VisitorProfile>('GET', '/visitor')
            .then((p) => p.email ?? '', () => '')
            .then(setKnown)
        }
      >
        {t.transcript}
      </button>
    );
  const send = (email: string) =>
    chat.request<TranscriptResult>('POST', `/conversations/${conversationId}/transcript`, { email }).then(
      (r) => setSentTo(r.email),
      (e: unknown) => {
        const status = e instanceof HttpError ? e.status : 0;
        return status === 400 ? t.errEmail : status === 429 ? t.tooMany : t.error;
      },
    );
  return <EmailForm id="p-transcript-email" label={t.transcriptTo} action={t.send} initial={known} focus onSave={send} />;
}
