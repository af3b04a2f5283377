import { useState } from 'preact/hooks';
import type { ApiScope, ApiTokenList, CreateApiTokenBody, CreatedApiToken } from '@parley/protocol';
import { del, get, post } from '../../api';
import { Loaded, useLoad } from '../../load';
import { useSaver } from '../../saver';
import { Choices, ShownOnce } from './shown-once';

/** Every scope, as an owner reads it (a Record: the compiler insists on each one the server knows). */
const SCOPES: Record<ApiScope, string> = {
  'conversations:read': 'Read conversations',
  'conversations:write': 'Reply to and change conversations',
  'contacts:read': 'Read contacts',
  'contacts:write': 'Change contacts',
  'kb:read': 'Read the knowledge base',
  'kb:write': 'Edit the knowledge base',
  'reports:read': 'Read reports',
  'settings:read': 'Read settings',
  'settings:write': 'Change settings',
};

/**
 * Settings → API tokens: the account's tokens for scripts and integrations (who made each,
 * what it may do, when it was last used), a new one shown once, and revoking.
 */
export function ApiTokenSettings() {
  const tokens = useLoad(() => get<ApiTokenList>('/api-tokens'), []);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [run, statusLine] = useSaver();
  return (
    <div>
      <p>
        A token acts as the person who made it, only within the scopes it was given. Send it as <code>Authorization: Bearer …</code> to the inbox API.
      </p>
      <Loaded load={tokens}>
        {(list) =>
          list.tokens.length === 0 ? (
            <p>No API tokens yet.</p>
          ) : (
            <table class="api-tokens">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Scopes</th>
                  <th>Made by</th>
                  <th>Last used</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {list.tokens.map((t) => (
                  <tr>
                    <td>{t.name}</td>
                    <td>{t.scopes.join(', ')}</td>
                    <td>
                      {t.createdBy.name}, <time dateTime={t.createdAt}>{new Date(t.createdAt).toLocaleString()}</time>
                    </td>
                    <td>{t.lastUsedAt ? <time dateTime={t.lastUsedAt}>{new Date(t.lastUsedAt).toLocaleString()}</time> : 'Never'}</td>
                    <td>
                      <button
                        type="button"
                        class="link"
                        onClick={() => {
                          if (!confirm(`Revoke “${t.name}”? Whatever uses it stops working at once.`)) return;
                          void run(async () => (await del(`/api-tokens/${t.id}`), tokens.reload()), 'Revoked');
                        }}
                      >
                        Revoke
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
      {created && (
        <ShownOnce value={created.token} label="The new API token">
          The token <strong>{created.name}</strong>
        </ShownOnce>
      )}
      <form
        class="settings"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const f = new FormData(form);
          const body: CreateApiTokenBody = { name: f.get('name') as string, scopes: f.getAll('scopes') as ApiScope[] };
          void run(async () => {
            setCreated(await post<CreatedApiToken, CreateApiTokenBody>('/api-tokens', body));
            form.reset();
            await tokens.reload();
          }, 'Created');
        }}
      >
        <h2>New API token</h2>
        <label>
          Name
          <input name="name" required maxLength={80} placeholder="CRM sync" />
        </label>
        <Choices legend="Scopes" name="scopes" options={SCOPES} />
        {statusLine}
        <button type="submit" class="primary">
          Create token
        </button>
      </form>
    </div>
  );
}
