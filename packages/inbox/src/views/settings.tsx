import { useEffect, useState } from 'preact/hooks';
import type {
  AgentAdmin,
  AgentList,
  AgentRole,
  CannedResponse,
  CannedResponseBody,
  CannedResponseList,
  CreateInviteBody,
  Invite,
  SiteAdmin,
  SiteSettings,
  UpdateAgentBody,
  UpdateSiteBody,
  Weekday,
} from '@parley/protocol';
import { ApiError, del, get, patch, post, put } from '../api';
import { Link } from '../router';
import { Avatar } from '../avatar';
import { useSaver } from '../saver';
import { useSession } from '../session';
import { SiteSelect, usePickedSite } from '../site-select';
import { KnowledgeBase } from './kb';

// Types only from protocol: a value import would pull zod into the inbox bundle.
const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export function SettingsView({ path }: { path: string }) {
  const tab = path.split('/')[2] ?? 'site';
  const tabs: Array<[string, string]> = [
    ['site', 'Site'],
    ['agents', 'Agents'],
    ['canned', 'Canned responses'],
    ['kb', 'Knowledge base'],
  ];
  return (
    <div class="page">
      <h1>Settings</h1>
      <nav class="tabs" aria-label="Settings">
        {tabs.map(([id, label]) => (
          <Link to={`/settings/${id}`} aria-current={tab === id ? 'page' : undefined}>
            {label}
          </Link>
        ))}
      </nav>
      {tab === 'agents' ? <AgentsSettings /> : tab === 'canned' ? <CannedSettings /> : tab === 'kb' ? <KnowledgeBase /> : <SiteSettingsForm />}
    </div>
  );
}

function SiteSettingsForm() {
  const [id, setSiteId] = usePickedSite();
  const [site, setSite] = useState<SiteAdmin | null>(null);
  const [origins, setOrigins] = useState('');
  const [showSecret, setShowSecret] = useState(false);
  const [run, statusLine] = useSaver();
  useEffect(() => {
    if (id)
      void get<SiteAdmin>(`/sites/${id}`).then((s) => {
        setSite(s);
        setOrigins(s.allowedOrigins.join('\n'));
      });
  }, [id]);
  if (!site) return <p class="loading">Loading…</p>;
  const s = site.settings;
  const set = (f: (s: SiteSettings) => SiteSettings) => setSite({ ...site, settings: f(structuredClone(s)) });
  const save = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const allowedOrigins = origins.split(/\s+/).filter(Boolean);
      setSite(await patch<SiteAdmin, UpdateSiteBody>(`/sites/${site.id}`, { name: site.name, allowedOrigins, settings: site.settings }));
    });
  };
  return (
    <form class="settings" onSubmit={save}>
      <SiteSelect value={id} onChange={setSiteId} />
      <fieldset>
        <legend>Embed</legend>
        <label>
          Paste this tag into your site's pages
          <textarea readOnly rows={2} value={site.embedSnippet} onFocus={(e) => e.currentTarget.select()} />
        </label>
        <button type="button" onClick={() => void navigator.clipboard?.writeText(site.embedSnippet)}>
          Copy snippet
        </button>
        <label>
          Allowed origins (one per line: https://shop.example.com, http://localhost:*, https://*.example.com)
          <textarea rows={3} value={origins} onInput={(e) => setOrigins(e.currentTarget.value)} />
        </label>
      </fieldset>
      <fieldset>
        <legend>Look and texts</legend>
        <label>
          Site name
          <input value={site.name} onInput={(e) => setSite({ ...site, name: e.currentTarget.value })} />
        </label>
        <label>
          Colour
          <input type="color" value={s.theme.color} onInput={(e) => set((x) => ((x.theme.color = e.currentTarget.value), x))} />
        </label>
        <label>
          Position
          <select value={s.theme.position} onChange={(e) => set((x) => ((x.theme.position = e.currentTarget.value as 'left' | 'right'), x))}>
            <option value="right">Bottom right</option>
            <option value="left">Bottom left</option>
          </select>
        </label>
        <label>
          Title
          <input value={s.texts.title} maxLength={80} onInput={(e) => set((x) => ((x.texts.title = e.currentTarget.value), x))} />
        </label>
        <label>
          Greeting
          <textarea maxLength={500} value={s.texts.greeting} onInput={(e) => set((x) => ((x.texts.greeting = e.currentTarget.value), x))} />
        </label>
        <label>
          Privacy policy URL
          <input type="url" value={s.texts.privacyUrl ?? ''} onInput={(e) => set((x) => ((x.texts.privacyUrl = e.currentTarget.value || null), x))} />
        </label>
      </fieldset>
      <fieldset>
        <legend>Contact fields before the chat</legend>
        {(['name', 'email', 'phone'] as const).map((f) => (
          <label>
            {f}
            <select value={s.contactFields[f]} onChange={(e) => set((x) => ((x.contactFields[f] = e.currentTarget.value as 'hidden'), x))}>
              <option value="hidden">Hidden</option>
              <option value="optional">Optional</option>
              <option value="required">Required</option>
            </select>
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Business hours</legend>
        <label class="inline">
          <input type="checkbox" checked={s.businessHours.enabled} onChange={(e) => set((x) => ((x.businessHours.enabled = e.currentTarget.checked), x))} /> Only
          answer live during these hours (outside them visitors are told the reply comes by email)
        </label>
        <label>
          Time zone
          <input value={s.businessHours.timezone} onInput={(e) => set((x) => ((x.businessHours.timezone = e.currentTarget.value), x))} />
        </label>
        <table class="hours">
          <tbody>
            {WEEKDAYS.map((d) => {
              const interval = s.businessHours.days[d][0];
              return (
                <tr>
                  <th scope="row">{d}</th>
                  <td>
                    <label class="inline">
                      <input
                        type="checkbox"
                        checked={!!interval}
                        onChange={(e) => set((x) => ((x.businessHours.days[d] = e.currentTarget.checked ? [{ from: '09:00', to: '17:00' }] : []), x))}
                      />{' '}
                      open
                    </label>
                  </td>
                  {interval && (
                    <>
                      <td>
                        <input aria-label={`${d} from`} type="time" value={interval.from} onInput={(e) => set((x) => ((x.businessHours.days[d][0]!.from = e.currentTarget.value), x))} />
                      </td>
                      <td>
                        <input aria-label={`${d} to`} type="time" value={interval.to} onInput={(e) => set((x) => ((x.businessHours.days[d][0]!.to = e.currentTarget.value), x))} />
                      </td>
                    </>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </fieldset>
      <fieldset>
        <legend>Response targets (business minutes)</legend>
        <table>
          <thead>
            <tr>
              <th scope="col">Priority</th>
              <th scope="col">First reply</th>
              <th scope="col">Resolution</th>
            </tr>
          </thead>
          <tbody>
            {(['urgent', 'high', 'medium', 'low'] as const).map((p) => (
              <tr>
                <th scope="row">{p}</th>
                <td>
                  <input aria-label={`${p} first reply minutes`} type="number" min={1} value={s.sla[p].firstResponseMinutes} onInput={(e) => set((x) => ((x.sla[p].firstResponseMinutes = Number(e.currentTarget.value)), x))} />
                </td>
                <td>
                  <input aria-label={`${p} resolution minutes`} type="number" min={1} value={s.sla[p].resolutionMinutes} onInput={(e) => set((x) => ((x.sla[p].resolutionMinutes = Number(e.currentTarget.value)), x))} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>
      <fieldset>
        <legend>Bot</legend>
        <label>
          Answer when confidence is at least
          <input type="number" step="0.05" min={0} max={1} value={s.bot.answerThreshold} onInput={(e) => set((x) => ((x.bot.answerThreshold = Number(e.currentTarget.value)), x))} />
        </label>
        <label>
          Ask "Did you mean…" from
          <input type="number" step="0.05" min={0} max={1} value={s.bot.clarifyThreshold} onInput={(e) => set((x) => ((x.bot.clarifyThreshold = Number(e.currentTarget.value)), x))} />
        </label>
        <label>
          Offer a person after this many unhelpful turns
          <input type="number" min={1} max={10} value={s.bot.unhelpfulTurns} onInput={(e) => set((x) => ((x.bot.unhelpfulTurns = Number(e.currentTarget.value)), x))} />
        </label>
        <label>
          Answers and reply drafts written by
          {/* Without a key nothing but local can answer: show that, and keep the stored choice. */}
          <select
            value={site.anthropicConfigured ? s.bot.provider : 'local'}
            disabled={!site.anthropicConfigured}
            aria-describedby={site.anthropicConfigured ? undefined : 'provider-help'}
            onChange={(e) => set((x) => ((x.bot.provider = e.currentTarget.value as SiteSettings['bot']['provider']), x))}
          >
            <option value="anthropic">Claude (Anthropic), grounded on your articles</option>
            <option value="local">The matching article, as written (local)</option>
          </select>
        </label>
        {!site.anthropicConfigured && (
          <p class="muted" id="provider-help">
            Claude needs ANTHROPIC_API_KEY set on the server; until then the bot answers with the matching article.
          </p>
        )}
      </fieldset>
      <fieldset>
        <legend>Identity verification</legend>
        <p>Sign identify() calls on your server: userHash = HMAC-SHA256(userId) with this secret.</p>
        <code class="secret">{showSecret ? site.identitySecret : '•'.repeat(24)}</code>{' '}
        <button type="button" onClick={() => setShowSecret(!showSecret)}>
          {showSecret ? 'Hide' : 'Reveal'}
        </button>{' '}
        <button
          type="button"
          onClick={() => confirm('Rotate the secret? Identify calls signed with the old one will fail.') && void run(async () => setSite(await post<SiteAdmin>(`/sites/${site.id}/secret`)), 'Secret rotated')}
        >
          Rotate secret
        </button>
      </fieldset>
      {statusLine}
      <button type="submit" class="primary">
        Save settings
      </button>
    </form>
  );
}

const tags = (s: string) => s.split(/[\s,]+/).filter(Boolean);

function AgentsSettings() {
  const { me } = useSession();
  const [list, setList] = useState<AgentList | null>(null);
  const [invite, setInvite] = useState<Invite | null>(null);
  const [run, statusLine] = useSaver();
  const load = () => get<AgentList>('/agents').then(setList);
  useEffect(() => void load(), []);
  const update = (a: AgentAdmin, body: UpdateAgentBody) => void run(async () => (await patch<AgentAdmin, UpdateAgentBody>(`/agents/${a.id}`, body), load()));
  return (
    <div>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          void run(async () => {
            setInvite(await post<Invite, CreateInviteBody>('/invites', { email: f.get('email') as string, role: f.get('role') as AgentRole }));
            await load();
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
          {list?.agents.map((a) => (
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
      {list && list.invites.length > 0 && (
        <>
          <h2>Open invitations</h2>
          <ul>
            {list.invites.map((i) => (
              <li>
                {i.email} as {i.role}, until {new Date(i.expiresAt).toLocaleDateString()}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function CannedSettings() {
  const [items, setItems] = useState<CannedResponse[]>([]);
  const [editing, setEditing] = useState<CannedResponse | null>(null);
  const [run, statusLine] = useSaver();
  const load = () => get<CannedResponseList>('/canned').then((r) => setItems(r.cannedResponses));
  useEffect(() => void load(), []);
  const blank = { id: '', shortcut: '', title: '', body: '' };
  const current = editing ?? blank;
  return (
    <div>
      <ul class="canned-list">
        {items.map((c) => (
          <li>
            <strong>/{c.shortcut}</strong> {c.title}{' '}
            <button type="button" class="link" onClick={() => setEditing(c)}>
              Edit
            </button>{' '}
            <button type="button" class="link" onClick={() => void run(async () => (await del(`/canned/${c.id}`), load()), 'Deleted')}>
              Delete
            </button>
          </li>
        ))}
      </ul>
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
            await load();
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
