import { useId } from 'preact/hooks';
import type { UpdateWhatsAppChannelBody, WhatsAppChannel } from '@parley/protocol';
import { useSaver } from '../../saver';

const FIELDS = ['phoneNumberId', 'businessAccountId', 'displayPhone', 'accessToken', 'appSecret'] as const;
type Secret = 'accessToken' | 'appSecret';

/**
 * What the form says to change. An empty field is left out: an empty secret keeps the stored
 * one, and an empty display number sets none. A field as the channel already has it is left
 * out too, so the audit log names only what changed.
 */
function bodyOf(form: HTMLFormElement, channel: WhatsAppChannel | undefined): UpdateWhatsAppChannelBody {
  const data = new FormData(form);
  const body: UpdateWhatsAppChannelBody = {};
  for (const key of FIELDS) {
    const value = String(data.get(key) ?? '').trim();
    const stored = key === 'accessToken' || key === 'appSecret' ? undefined : channel?.[key];
    if (value && value !== stored) body[key] = value;
  }
  return body;
}

/**
 * A WhatsApp number's ids as Meta shows them, and its secrets. Adding (no `channel`) requires
 * every secret; editing shows the stored ones only as "stored": the server never returns them,
 * and a field left empty keeps them. `save` gets what to send; once it resolves the form is
 * emptied and `onSaved` called, and a refusal is shown here in the server's words.
 */
export function ChannelForm(props: {
  channel?: WhatsAppChannel;
  submit: string;
  done: string;
  save: (body: UpdateWhatsAppChannelBody) => Promise<unknown>;
  onSaved: () => void;
  onCancel?: () => void;
}) {
  const { channel } = props;
  const [run, statusLine] = useSaver();
  const id = useId();
  const secret = (name: Secret, label: string) => (
    <label>
      {label}
      <input
        name={name}
        type="password"
        // Not the agent's own sign-in: a browser must neither fill it in nor offer to save it as one.
        autoComplete="new-password"
        spellcheck={false}
        required={!channel}
        minLength={8}
        maxLength={1024}
        placeholder={channel ? 'Stored — leave empty to keep' : undefined}
        aria-describedby={`${id}-secrets`}
      />
    </label>
  );
  return (
    <form
      class="settings whatsapp-form"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const body = bodyOf(form, channel);
        void run(async () => {
          await props.save(body);
          form.reset();
          props.onSaved();
        }, props.done);
      }}
    >
      <label>
        Phone number id
        <input name="phoneNumberId" required inputMode="numeric" pattern="\d{1,32}" defaultValue={channel?.phoneNumberId} aria-describedby={`${id}-ids`} />
      </label>
      <label>
        WhatsApp Business account id
        <input name="businessAccountId" required inputMode="numeric" pattern="\d{1,32}" defaultValue={channel?.businessAccountId} aria-describedby={`${id}-ids`} />
      </label>
      <p class="muted" id={`${id}-ids`}>
        Both are on your Meta app's WhatsApp → API Setup page.
      </p>
      <label>
        Display number (optional)
        <input name="displayPhone" type="tel" maxLength={32} placeholder="+1 555 010 0100" defaultValue={channel?.displayPhone ?? ''} />
      </label>
      {secret('accessToken', 'Access token')}
      {secret('appSecret', 'App secret')}
      <p class="muted" id={`${id}-secrets`}>
        {channel
          ? 'Stored encrypted and never shown: type a new one only to replace it.'
          : "A system user's permanent access token, and the app secret from App settings → Basic. Stored encrypted, never shown again."}
      </p>
      {statusLine}
      <div class="ask-bar">
        <button type="submit" class="primary">
          {props.submit}
        </button>
        {props.onCancel && (
          <button type="button" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
