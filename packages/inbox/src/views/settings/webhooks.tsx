import { useState } from 'preact/hooks';
import type {
  CreateWebhookBody,
  UpdateWebhookBody,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryList,
  WebhookEventType,
  WebhookList,
  WebhookWithSecret,
} from '@parley/protocol';
import { del, get, patch, post } from '../../api';
import { Loaded, useLoad } from '../../load';
import { useSaver } from '../../saver';
import { useSession } from '../../session';
import { Choices, ShownOnce } from './shown-once';

/** Every event an endpoint can take, as an owner reads it (a Record: the compiler insists on each one the server sends). */
const EVENTS: Record<WebhookEventType, string> = {
  'conversation.created': 'A conversation starts',
  'conversation.status_changed': 'A conversation changes status',
  'conversation.assigned': 'A conversation is assigned',
  'conversation.rated': 'A visitor rates a conversation',
  'message.created': 'A message (visitor, agent, bot)',
  'note.created': 'A private note',
  'contact.updated': "A contact's details change",
  'contact.erased': 'A contact and their conversations are erased',
  'ticket.created': 'A ticket is sent',
  'ticket.status_changed': 'A ticket changes status',
};

const when = (iso: string) => <time dateTime={iso}>{new Date(iso).toLocaleString()}</time>;

/**
 * Settings → Webhooks: the account's endpoints (what each takes, whether it is on and, if
 * Parley turned it off, why), each one's recent deliveries with a replay button, a test
 * event, a secret shown once after a create or a rotation.
 */
export function WebhookSettings() {
  const hooks = useLoad(() => get<WebhookList>('/webhooks'), []);
  const { sites } = useSession();
  const [secret, setSecret] = useState<WebhookWithSecret | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [run, statusLine] = useSaver();
  const act = (what: () => Promise<unknown>, done: string) => run(async () => (await what(), await hooks.reload()), done);
  return (
    <div>
      <p>
        Parley POSTs each event to your URL as JSON, signed per <a href="https://www.standardwebhooks.com/">Standard Webhooks</a>: verify the{' '}
        <code>webhook-signature</code> header with the endpoint's secret. A failed delivery is retried for about a day.
      </p>
      <Loaded load={hooks}>
        {(list) =>
          list.webhooks.length === 0 ? (
            <p>No webhooks yet.</p>
          ) : (
            <ul class="webhooks">
              {list.webhooks.map((w) => (
                <li>
                  <p>
                    <code>{w.url}</code> — {w.enabled ? (w.failingSince ? <>failing since {when(w.failingSince)}</> : 'on') : <strong>off</strong>}
                    {w.siteId && <> · {sites.data?.find((s) => s.id === w.siteId)?.name ?? w.siteId} only</>}
                  </p>
                  {w.disabledReason && <p class="error">{w.disabledReason}</p>}
                  <p class="events">{w.events.map((e) => EVENTS[e]).join(' · ')}</p>
                  <p class="actions">
                    <button type="button" class="link" onClick={() => void act(() => post(`/webhooks/${w.id}/test`), 'Test event sent')}>
                      Send a test event
                    </button>
                    <button type="button" class="link" onClick={() => setOpen(open === w.id ? null : w.id)}>
                      {open === w.id ? 'Hide deliveries' : 'Recent deliveries'}
                    </button>
                    <button
                      type="button"
                      class="link"
                      onClick={() => void act(() => patch<Webhook, UpdateWebhookBody>(`/webhooks/${w.id}`, { enabled: !w.enabled }), w.enabled ? 'Turned off' : 'Turned on')}
                    >
                      {w.enabled ? 'Turn off' : 'Turn on'}
                    </button>
                    <button
                      type="button"
                      class="link"
                      onClick={() => {
                        if (!confirm('Make a new secret? The old one keeps signing beside it for a day.')) return;
                        void act(async () => setSecret(await post<WebhookWithSecret>(`/webhooks/${w.id}/rotate-secret`)), 'New secret made');
                      }}
                    >
                      Rotate secret
                    </button>
                    <button
                      type="button"
                      class="link"
                      onClick={() => {
                        if (!confirm(`Delete the webhook to ${w.url}? Deliveries waiting for it are dropped.`)) return;
                        void act(() => del(`/webhooks/${w.id}`), 'Deleted');
                      }}
                    >
                      Delete
                    </button>
                  </p>
                  {open === w.id && <Deliveries webhookId={w.id} />}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      {secret && (
        <ShownOnce value={secret.secret} label="The webhook's signing secret">
          The signing secret of <code>{secret.url}</code>
        </ShownOnce>
      )}
      <form
        class="settings"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const f = new FormData(form);
          const siteId = f.get('siteId') as string;
          const body: CreateWebhookBody = { url: f.get('url') as string, events: f.getAll('events') as WebhookEventType[], ...(siteId ? { siteId } : {}) };
          void act(async () => {
            setSecret(await post<WebhookWithSecret, CreateWebhookBody>('/webhooks', body));
            form.reset();
          }, 'Created');
        }}
      >
        <h2>New webhook</h2>
        <label>
          URL
          <input name="url" type="url" required maxLength={2000} placeholder="https://example.com/parley-events" />
        </label>
        <label>
          Site
          <select name="siteId">
            <option value="">Every site</option>
            {(sites.data ?? []).map((s) => (
              <option value={s.id}>{s.name}</option>
            ))}
          </select>
        </label>
        <Choices legend="Events" name="events" options={EVENTS} />
        {statusLine}
        <button type="submit" class="primary">
          Create webhook
        </button>
      </form>
    </div>
  );
}

const outcome = (d: WebhookDelivery) =>
  d.status === 'delivered' ? `Delivered (${d.responseStatus})` : d.status === 'failed' ? `Failed: ${d.error ?? ''}` : d.error ? `Retrying: ${d.error}` : 'Sending';

/** The endpoint's latest deliveries: what, when, how it went, and replay. */
function Deliveries({ webhookId }: { webhookId: string }) {
  const deliveries = useLoad(() => get<WebhookDeliveryList>(`/webhooks/${webhookId}/deliveries`), [webhookId]);
  const [run, statusLine] = useSaver();
  return (
    <Loaded load={deliveries}>
      {({ deliveries: list }) =>
        list.length === 0 ? (
          <p>Nothing sent yet.</p>
        ) : (
          <>
            <table class="deliveries">
              <thead>
                <tr>
                  <th>Event</th>
                  <th>Queued</th>
                  <th>Tries</th>
                  <th>Outcome</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.map((d) => (
                  <tr>
                    <td>
                      <code>{d.type}</code>
                    </td>
                    <td>{when(d.createdAt)}</td>
                    <td>{d.attempts}</td>
                    <td>{outcome(d)}</td>
                    <td>
                      {d.status !== 'pending' && (
                        <button
                          type="button"
                          class="link"
                          onClick={() => void run(async () => (await post(`/webhooks/${webhookId}/deliveries/${d.id}/replay`), await deliveries.reload()), 'Sent again')}
                        >
                          Replay
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {statusLine}
          </>
        )
      }
    </Loaded>
  );
}
