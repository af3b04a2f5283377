import { useRef, useState } from 'preact/hooks';
import type { AuditAction, AuditEntry, AuditPage } from '@parley/protocol';
import { get, messageOf } from '../../api';
import { LoadFailed, Loaded, useLoad } from '../../load';

/** The filter's choices, in the order an owner looks for them; every action has one (the type says so). */
const LABELS = {
  'auth.login': 'Sign-ins',
  'auth.login_failed': 'Failed sign-ins',
  'auth.password_change': 'Password changes',
  'auth.password_reset_request': 'Password reset requests',
  'auth.password_reset': 'Password resets',
  'agent.update': 'Agent changes',
  'agent.avatar': 'Agent photos',
  'invite.create': 'Invitations sent',
  'invite.revoke': 'Invitations revoked',
  'invite.accept': 'Invitations accepted',
  'site.create': 'Sites created',
  'site.update': 'Site settings',
  'site.rotate_secret': 'Identity secret rotations',
  'canned.create': 'Canned responses created',
  'canned.update': 'Canned responses changed',
  'canned.delete': 'Canned responses deleted',
  'kb.create': 'Articles created',
  'kb.update': 'Articles changed',
  'kb.delete': 'Articles deleted',
  'kb.import': 'Knowledge base imports',
  'kb.publish': 'Articles published',
  'kb.unpublish': 'Articles unpublished',
  'kb.category_create': 'Categories created',
  'kb.category_update': 'Categories changed or reordered',
  'kb.category_delete': 'Categories deleted',
  'api_token.create': 'API tokens created',
  'api_token.delete': 'API tokens deleted',
  'webhook.create': 'Webhooks created',
  'webhook.update': 'Webhooks changed',
  'webhook.delete': 'Webhooks deleted',
  'webhook.rotate_secret': 'Webhook secret rotations',
  'channel.create': 'Channels added',
  'channel.update': 'Channels changed',
  'channel.delete': 'Channels deleted',
  'contact.export': 'Contacts exported',
  'contact.erase': 'Contacts erased',
  'privacy.retention': 'Erased by retention',
} satisfies Record<AuditAction, string>;
const ACTIONS = Object.entries(LABELS) as Array<[AuditAction, string]>;
const PAGE = 50;

/** What an entry's details say, in one line: `fields: settings.theme.color · ip: 203.0.113.7`. */
const detailsLine = (details: AuditEntry['details']) =>
  Object.entries(details)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');

/** Settings → Audit log: who did what in the account, newest first, by action, a page at a time. */
export function AuditLog() {
  const [action, setAction] = useState<AuditAction | ''>('');
  const query = (before: number | null) => `/audit?limit=${PAGE}${action ? `&action=${action}` : ''}${before ? `&before=${before}` : ''}`;
  const log = useLoad(() => get<AuditPage>(query(null)), [action]);
  const [more, setMore] = useState<{ error: string | null; busy: boolean }>({ error: null, busy: false });
  const shownAction = useRef(action);
  shownAction.current = action;
  const older = async (page: AuditPage) => {
    const asked = action;
    setMore({ error: null, busy: true });
    try {
      const next = await get<AuditPage>(query(page.nextBefore));
      // The filter changed meanwhile: these entries belong to a list no longer shown.
      if (shownAction.current !== asked) return setMore({ error: null, busy: false });
      log.set((shown) => ({ entries: [...shown.entries, ...next.entries], nextBefore: next.nextBefore }));
      setMore({ error: null, busy: false });
    } catch (e) {
      setMore({ error: messageOf(e, 'Could not reach the server'), busy: false });
    }
  };
  return (
    <div>
      <label class="inline">
        Show
        <select value={action} onChange={(e) => setAction(e.currentTarget.value as AuditAction | '')}>
          <option value="">Everything</option>
          {ACTIONS.map(([value, label]) => (
            <option value={value}>{label}</option>
          ))}
        </select>
      </label>
      <Loaded load={log}>
        {(page) => (
          <>
            {page.entries.length === 0 ? (
              <p class="empty">Nothing recorded yet.</p>
            ) : (
              <table class="audit">
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Who</th>
                    <th scope="col">What</th>
                    <th scope="col">On</th>
                    <th scope="col">Details</th>
                  </tr>
                </thead>
                <tbody>
                  {page.entries.map((e) => (
                    <tr>
                      <td>
                        <time dateTime={e.createdAt}>{new Date(e.createdAt).toLocaleString()}</time>
                      </td>
                      <td>{e.agent?.name ?? '—'}</td>
                      <td>{ACTIONS.find(([value]) => value === e.action)?.[1] ?? e.action}</td>
                      <td>
                        <code>{e.target ?? ''}</code>
                      </td>
                      <td>{detailsLine(e.details)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {more.error && <LoadFailed error={more.error} retry={() => older(page)} />}
            {page.nextBefore !== null && (
              <button type="button" disabled={more.busy} onClick={() => void older(page)}>
                Older entries
              </button>
            )}
          </>
        )}
      </Loaded>
    </div>
  );
}
