import { useRef, useState } from 'preact/hooks';
import type { AgentMessageBody, CannedResponseList, Draft, InboxMessage, TypingBody } from '@parley/protocol';
import { clientId, messageOf, post } from '../../api';
import { type Load, LoadFailed } from '../../load';

/** The reply box: replies and private notes, canned responses by "/shortcut", a reply drafted by AI. */
export function Composer({ conversationId, canned, onSent }: { conversationId: string; canned: Load<CannedResponseList>; onSent: () => void }) {
  const [text, setText] = useState('');
  const [note, setNote] = useState(false);
  const [error, setError] = useState<string | null>(null);
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
        <button type="button" onClick={() => void draft()} disabled={drafting}>
          {drafting ? 'Drafting…' : 'Draft with AI'}
        </button>
        <button type="submit" class="primary">
          {note ? 'Add note' : 'Send'}
        </button>
      </div>
    </form>
  );
}
