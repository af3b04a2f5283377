import { useId, useRef, useState } from 'preact/hooks';
import type { InboxMessage, SendWhatsAppTemplateBody, WhatsAppTemplate, WhatsAppTemplateList } from '@parley/protocol';
import { clientId, get, messageOf, post } from '../../api';
import { Loaded, useLoad } from '../../load';

/** The body as the customer will get it: each {{n}} filled with its parameter once typed (as the server renders it). */
const filled = (body: string, parameters: readonly string[]) => body.replace(/\{\{(\d+)\}\}/g, (whole, n: string) => parameters[Number(n) - 1]?.trim() || whole);

/**
 * WhatsApp's approved templates for this conversation's number: why they are needed when the
 * customer's 24-hour window is closed (a reply was just refused, or the server says so), then
 * a template, its body, and one field per parameter. `onSent` once the server took it: the
 * caller reloads the transcript, which then shows it.
 */
export function TemplatePicker(props: { conversationId: string; refused: boolean; onSent: () => void; onClose: () => void }) {
  const list = useLoad(() => get<WhatsAppTemplateList>(`/whatsapp/conversations/${props.conversationId}/templates`), [props.conversationId]);
  const id = useId();
  const until = list.data?.windowOpenUntil;
  const closed = props.refused || until === null;
  return (
    <section class="templates" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>WhatsApp template</h3>
      {closed ? (
        <p class="error" role="alert">
          WhatsApp allows free-form replies only within 24 hours of the customer's last message. Send an approved template to write to them
          again; private notes still work.
        </p>
      ) : (
        until && <p class="muted">Free-form replies are open until {new Date(until).toLocaleString()}.</p>
      )}
      <Loaded load={list}>
        {({ templates }) =>
          templates.length === 0 ? (
            <p class="empty">This number has no approved templates yet: create them in WhatsApp Manager.</p>
          ) : (
            <TemplateForm conversationId={props.conversationId} templates={templates} onSent={props.onSent} onClose={props.onClose} />
          )
        }
      </Loaded>
    </section>
  );
}

function TemplateForm(props: { conversationId: string; templates: WhatsAppTemplate[]; onSent: () => void; onClose: () => void }) {
  const [picked, setPicked] = useState('');
  const [parameters, setParameters] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const pendingId = useRef(clientId('template'));
  const id = useId();
  const chosen = picked === '' ? undefined : props.templates[Number(picked)];
  const ready = chosen !== undefined && parameters.every((p) => p.trim()) && !busy;

  const choose = (value: string) => {
    setPicked(value);
    setParameters(Array<string>(props.templates[Number(value)]?.parameters ?? 0).fill(''));
    setError(null);
  };
  const send = async (e: Event) => {
    e.preventDefault();
    if (!chosen || !ready) return;
    setBusy(true);
    try {
      await post<InboxMessage, SendWhatsAppTemplateBody>(`/whatsapp/conversations/${props.conversationId}/templates`, {
        clientId: pendingId.current,
        name: chosen.name,
        language: chosen.language,
        parameters: parameters.map((p) => p.trim()),
      });
    } catch (err) {
      // The same client id on the next try: a send that did arrive is not posted twice.
      setError(messageOf(err, 'Not sent: check your connection and try again'));
      setBusy(false);
      return;
    }
    pendingId.current = clientId('template');
    setBusy(false);
    props.onSent();
  };

  return (
    <form class="template-form" onSubmit={send}>
      <label>
        Template
        <select required value={picked} aria-describedby={chosen ? `${id}-body` : undefined} onChange={(e) => choose(e.currentTarget.value)}>
          <option value="">Choose a template…</option>
          {props.templates.map((t, i) => (
            <option value={String(i)}>
              {t.name} ({t.language}){t.category ? ` · ${t.category.toLowerCase()}` : ''}
            </option>
          ))}
        </select>
      </label>
      {chosen && (
        <p class="template-body" id={`${id}-body`}>
          {filled(chosen.body, parameters)}
        </p>
      )}
      {parameters.map((value, i) => (
        <label>
          {`Parameter ${i + 1}`}
          <input
            required
            maxLength={1024}
            placeholder={`{{${i + 1}}}`}
            value={value}
            onInput={(e) => {
              const typed = e.currentTarget.value;
              setParameters((ps) => ps.map((p, j) => (j === i ? typed : p)));
            }}
          />
        </label>
      ))}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="ask-bar">
        <button type="submit" class="primary" disabled={!ready}>
          {busy ? 'Sending…' : 'Send template'}
        </button>
        <button type="button" onClick={props.onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
