import { useState } from 'preact/hooks';
import type { AgentAdmin, AgentList, AgentRole, CreateInviteBody, Invite, UpdateAgentBody } from '@parley/protocol';
import { del, get, patch, post } from '../../api';
import { Avatar } from '../../avatar';
import { Loaded, useLoad } from '../../load';
import { useSaver } from '../../saver';
import { useSession } from '../../session';

const tags = (s: string) => s.split(/[\s,]+/).filter(Boolean);

/** The team: invitations by link (and their revocation), each agent's role, languages, skills and capacity, deactivation. */
export function AgentsSettings() {
  const { me } = useSession();
  const team = useLoad(() => get<AgentList>('/agents'), []);
  const [invite, setInvite] = useState<Invite | null>(null);
  const [run, statusLine] = useSaver();
  const update = (a: AgentAdmin, body: UpdateAgentBody) => void run(async () => (await patch<AgentAdmin, UpdateAgentBody>(`/agents/${a.id}`, body), team.reload()));
  return (
    <div>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          void run(async () => {
            setInvite(await post<Invite, CreateInviteBody>('/invites', { email: f.get('email') as string, role: f.get('role') as AgentRole }));
            await team.reload();
          }, 'Invitation created: send the link below');
        }}
      >
        <label>
          Invite by email
          <input name="email" type="email" required />
        </label>
        <label>
          Role
          <select name="role">
            <option value="agent">Agent</option>
            <option value="admin">Admin</option>
            {me.role === 'owner' && <option value="owner">Owner</option>}
          </select>
        </label>
        <button type="submit">Create invite link</button>
      </form>
      {invite?.url && (
        <p>
          Invitation link (valid 7 days, works once): <code>{invite.url}</code>
        </p>
      )}
      {statusLine}
      <Loaded load={team}>
        {(list) => (
          <>
            <table class="agents">
              <thead>
                <tr>
                  <th scope="col">Agent</th>
                  <th scope="col">Role</th>
                  <th scope="col">Languages</th>
                  <th scope="col">Skills</th>
                  <th scope="col">Max chats</th>
                  <th scope="col">Status</th>
                  <th scope="col" />
                </tr>
              </thead>
              <tbody>
                {list.agents.map((a) => (
                  <tr class={a.active ? '' : 'inactive'}>
                    <th scope="row">
                      <Avatar name={a.name} url={a.avatarUrl} />
                      {a.name}
                      <br />
                      <small>{a.email}</small>
                    </th>
                    <td>
                      <select aria-label={`Role of ${a.name}`} value={a.role} onChange={(e) => update(a, { role: e.currentTarget.value as AgentRole })}>
                        <option value="agent">agent</option>
                        <option value="admin">admin</option>
                        <option value="owner">owner</option>
                      </select>
                    </td>
                    <td>
                      <input aria-label={`Languages of ${a.name}`} value={a.languages.join(', ')} onChange={(e) => update(a, { languages: tags(e.currentTarget.value) })} />
                    </td>
                    <td>
                      <input aria-label={`Skills of ${a.name}`} value={a.skills.join(', ')} onChange={(e) => update(a, { skills: tags(e.currentTarget.value) })} />
                    </td>
                    <td>
                      <input aria-label={`Max chats of ${a.name}`} type="number" min={0} max={100} value={a.maxChats} onChange={(e) => update(a, { maxChats: Number(e.currentTarget.value) })} />
                    </td>
                    <td>
                      {a.active ? a.presence : 'deactivated'} ({a.load} open)
                    </td>
                    <td>
                      {a.id !== me.id && (
                        <button type="button" class="link" onClick={() => update(a, { active: !a.active })}>
                          {a.active ? 'Deactivate' : 'Reactivate'}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {list.invites.length > 0 && (
              <>
                <h2>Open invitations</h2>
                <ul>
                  {list.invites.map((i) => (
                    <li>
                      {i.email} as {i.role}, invited by {i.invitedBy?.name ?? 'a former agent'}, until {new Date(i.expiresAt).toLocaleDateString()}{' '}
                      <button
                        type="button"
                        class="link"
                        aria-label={`Revoke the invitation of ${i.email}`}
                        onClick={() => void run(async () => (await del(`/invites/${i.id}`), team.reload()), `Invitation of ${i.email} revoked: its link no longer works`)}
                      >
                        Revoke
                      </button>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </Loaded>
    </div>
  );
}
