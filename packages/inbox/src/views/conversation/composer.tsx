import { useRef, useState } from 'preact/hooks';
import type { AgentMessageBody, CannedResponseList, Draft, InboxMessage, TypingBody } from '@parley/protocol';
import { ApiError, clientId, messageOf, post } from '../../api';
import { type Load, LoadFailed } from '../../load';
import { TemplatePicker } from './template-picker';

/**
 * The reply box: replies and private notes, canned responses by "/shortcut", a reply drafted by
 * AI. On a WhatsApp conversation, approved templates too: the only way to write to a customer
 * 24 hours after their last message, so the picker opens by itself when a reply is refused.
 */
export function Composer(props: { conversationId: string; whatsapp: boolean; canned: Load<CannedResponseList>; onSent: () => void }) {
  const { conversationId, canned, onSent } = props;
  const [text, setText] = useState('');
  const [note, setNote] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Fetched only once shown: listing templates asks Meta, which a conversation in its window rarely needs.
  const [templates, setTemplates] = useState<'asked' | 'refused' | null>(null);
  const [drafting, setDrafting] = useState(false);
  const typingSent = useRef(false);
  const typingTimer = useRef<ReturnType<typeof setTimeout>>();
  const pendingId = useRef(clientId('reply'));

  const typing = (isTyping: boolean) => {
    if (note || typingSent.current === isTyping) return;
    typingSent.current = isTyping;
    void post<void, TypingBody>(`/conversations/${conversationId}/typing`, { isTyping });
  };
  const onInput = (value: string) => {
    setText(value);
    typing(value.length > 0);
    clearTimeout(typingTimer.current);
    typingTimer.current = setTimeout(() => typing(false), 3000);
  };
  const shortcut = /^\/(\S*)$/.exec(text)?.[1];
  const matches = shortcut === undefined ? [] : (canned.data?.cannedResponses ?? []).filter((r) => r.shortcut.startsWith(shortcut.toLowerCase()));

  const send = async (e?: Event) => {
    e?.preventDefault();
    if (!text.trim()) return;
    try {
      await post<InboxMessage, AgentMessageBody>(`/conversations/${conversationId}/messages`, { clientId: pendingId.current, body: text, internal: note });
      pendingId.current = clientId('reply');
      setText('');
      setError(null);
      typing(false);
      onSent();
    } catch (err) {
      // The text stays: the agent may keep it as a note, or put it in a template's parameters.
      if (err instanceof ApiError && err.code === 'window_closed') {
        setError(null);
        setTemplates('refused');
        return;
      }
      // The same client id on the next try: a send that did arrive is not posted twice.
      setError(messageOf(err, 'Not sent: check your connection and try again'));
    }
  };
  const draft = async () => {
    setDrafting(true);
    try {
      setText((await post<Draft>(`/conversations/${conversationId}/draft`)).body);
      setNote(false);
    } catch (err) {
      setError(messageOf(err, 'Could not draft a reply'));
    } finally {
      setDrafting(false);
    }
  };

  return (
    <>
      {templates && (
        <TemplatePicker
          conversationId={conversationId}
          refused={templates === 'refused'}
          onSent={() => {
            setTemplates(null);
            onSent();
          }}
          onClose={() => setTemplates(null)}
        />
      )}
      <form class={`composer${note ? ' note' : ''}`} onSubmit={send}>
        {matches.length > 0 && (
          <ul class="canned" role="listbox" aria-label="Canned responses">
            {matches.map((r) => (
              <li>
                <button type="button" role="option" onClick={() => setText(r.body)}>
                  <strong>/{r.shortcut}</strong> {r.title}
                </button>
              </li>
            ))}
          </ul>
        )}
        {shortcut !== undefined && canned.error && <LoadFailed error={`Canned responses did not load: ${canned.error}`} retry={canned.reload} />}
        <textarea
          aria-label={note ? 'Note' : 'Reply'}
          placeholder={note ? 'Private note — only agents see this' : 'Reply… (type / for canned responses)'}
          value={text}
          onInput={(e) => onInput(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              if (matches.length === 1) setText(matches[0]!.body);
              else void send();
            }
          }}
        />
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <div class="composer-bar">
          <label class="inline">
            <input type="checkbox" checked={note} onChange={(e) => setNote(e.currentTarget.checked)} /> Private note
          </label>
          {props.whatsapp && (
            <button type="button" aria-expanded={templates !== null} onClick={() => setTemplates((t) => (t ? null : 'asked'))}>
              Template…
            </button>
          )}
          <button type="button" onClick={() => void draft()} disabled={drafting}>
            {drafting ? 'Drafting…' : 'Draft with AI'}
          </button>
          <button type="submit" class="primary">
            {note ? 'Add note' : 'Send'}
          </button>
        </div>
      </form>
    </>
  );
}
