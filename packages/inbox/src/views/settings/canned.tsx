import { useState } from 'preact/hooks';
import type { CannedResponse, CannedResponseBody, CannedResponseList } from '@parley/protocol';
import { del, get, post, put } from '../../api';
import { Loaded, useLoad } from '../../load';
import { useSaver } from '../../saver';

/** The account's canned responses: listed, edited in place, deleted. */
export function CannedSettings() {
  const canned = useLoad(() => get<CannedResponseList>('/canned'), []);
  const [editing, setEditing] = useState<CannedResponse | null>(null);
  const [run, statusLine] = useSaver();
  const blank = { id: '', shortcut: '', title: '', body: '' };
  const current = editing ?? blank;
  return (
    <div>
      <Loaded load={canned}>
        {({ cannedResponses }) => (
          <ul class="canned-list">
            {cannedResponses.map((c) => (
              <li>
                <strong>/{c.shortcut}</strong> {c.title}{' '}
                <button type="button" class="link" onClick={() => setEditing(c)}>
                  Edit
                </button>{' '}
                <button type="button" class="link" onClick={() => void run(async () => (await del(`/canned/${c.id}`), canned.reload()), 'Deleted')}>
                  Delete
                </button>
              </li>
            ))}
          </ul>
        )}
      </Loaded>
      <form
        class="settings"
        key={current.id || 'new'}
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const body: CannedResponseBody = { shortcut: f.get('shortcut') as string, title: f.get('title') as string, body: f.get('body') as string };
          void run(async () => {
            await (current.id ? put<CannedResponse, CannedResponseBody>(`/canned/${current.id}`, body) : post<CannedResponse, CannedResponseBody>('/canned', body));
            setEditing(null);
            await canned.reload();
          });
        }}
      >
        <h2>{current.id ? `Edit /${current.shortcut}` : 'New canned response'}</h2>
        <label>
          Shortcut
          <input name="shortcut" required defaultValue={current.shortcut} pattern="[a-zA-Z0-9][a-zA-Z0-9_-]{0,31}" />
        </label>
        <label>
          Title
          <input name="title" required defaultValue={current.title} />
        </label>
        <label>
          Text
          <textarea name="body" required rows={4} defaultValue={current.body} />
        </label>
        {statusLine}
        <button type="submit" class="primary">
          Save
        </button>
        {current.id && (
          <button type="button" onClick={() => setEditing(null)}>
            Cancel
          </button>
        )}
      </form>
    </div>
  );
}