import { useState } from 'preact/hooks';
import type { CreateWhatsAppChannelBody, UpdateWhatsAppChannelBody, WhatsAppChannel, WhatsAppChannelList } from '@parley/protocol';
import { del, get, patch, post } from '../../api';
import { ConfirmButton } from '../../confirm';
import { Loaded, useLoad } from '../../load';
import { useSaver } from '../../saver';
import { CopyField } from './shown-once';
import { ChannelForm } from './whatsapp-form';

const numberOf = (c: WhatsAppChannel) => c.displayPhone ?? c.phoneNumberId;

/**
 * Settings → Channels, WhatsApp: the site's WhatsApp Business numbers, each with the webhook URL
 * and verify token its Meta app needs, edited or deleted in place; and a form to add one.
 * Owners and admins only, like all of Settings (the server refuses agents too).
 */
export function WhatsAppChannels({ siteId }: { siteId: string }) {
  const path = `/sites/${siteId}/channels/whatsapp`;
  const channels = useLoad(() => get<WhatsAppChannelList>(path), [path]);
  const [editing, setEditing] = useState<string | null>(null);
  const [run, statusLine] = useSaver();
  return (
    <section class="channels" aria-labelledby="whatsapp-title">
      <h2 id="whatsapp-title">WhatsApp</h2>
      <p>
        Customers who write to one of this site's WhatsApp Business numbers reach the bot and the inbox, as widget visitors do. Set the number up
        in a Meta app with the WhatsApp Cloud API, then add it here.
      </p>
      <Loaded load={channels}>
        {({ channels: list }) =>
          list.length === 0 ? (
            <p class="empty">No WhatsApp number yet.</p>
          ) : (
            <ul class="channel-list">
              {list.map((c) => (
                <li key={c.id}>
                  <ChannelItem
                    channel={c}
                    editing={editing === c.id}
                    toggle={() => setEditing(editing === c.id ? null : c.id)}
                    remove={() => run(async () => (await del(`${path}/${c.id}`), await channels.reload()), 'Deleted')}
                  />
                  {editing === c.id && (
                    <ChannelForm
                      channel={c}
                      submit="Save"
                      done="Saved"
                      save={(body) => patch<WhatsAppChannel, UpdateWhatsAppChannelBody>(`${path}/${c.id}`, body)}
                      onSaved={() => {
                        setEditing(null);
                        void run(() => channels.reload(), 'Saved');
                      }}
                      onCancel={() => setEditing(null)}
                    />
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      {statusLine}
      <h3>Add a WhatsApp number</h3>
      <ChannelForm
        submit="Add number"
        done="Number added: paste its webhook URL and verify token in your Meta app."
        // The form requires every field a new channel needs but the optional display number.
        save={(body) => post<WhatsAppChannel, CreateWhatsAppChannelBody>(path, body as CreateWhatsAppChannelBody)}
        onSaved={() => void channels.reload()}
      />
    </section>
  );
}

function ChannelItem({ channel: c, editing, toggle, remove }: { channel: WhatsAppChannel; editing: boolean; toggle: () => void; remove: () => Promise<unknown> }) {
  return (
    <>
      <h3>{numberOf(c)}</h3>
      <p class="muted">
        Phone number id {c.phoneNumberId} · Business account {c.businessAccountId} · added {new Date(c.createdAt).toLocaleDateString()}
      </p>
      <dl class="webhook-setup">
        <dt>Webhook URL</dt>
        <dd>
          <CopyField value={c.webhookUrl} label="Webhook URL" />
        </dd>
        <dt>Verify token</dt>
        <dd>
          <CopyField value={c.verifyToken} label="Verify token" />
        </dd>
      </dl>
      <p class="muted">Paste both in your Meta app's WhatsApp webhook settings, and subscribe it to the messages field.</p>
      <div class="actions">
        <button type="button" aria-expanded={editing} onClick={toggle}>
          Edit
        </button>
        <ConfirmButton label="Delete…" action="Delete" onConfirm={remove}>
          Delete the WhatsApp number {numberOf(c)}? Parley stops taking its messages, and agents can no longer answer its conversations (they stay
          in the inbox). Remove the webhook from your Meta app too.
        </ConfirmButton>
      </div>
    </>
  );
}
