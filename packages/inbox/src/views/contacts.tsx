import { useState } from 'preact/hooks';
import type { Contact, ContactList, UpdateContactBody } from '@parley/protocol';
import { get, patch } from '../api';
import { Link } from '../router';
import { Loaded, useLoad } from '../load';
import { useSaver } from '../saver';
import { ContactPrivacy, type OnErased, useErasures } from './contact-privacy';

const PAGE = 50;
const label = (c: Contact) => c.name ?? c.email ?? c.phone ?? c.userId ?? `Visitor ${c.id.slice(-4)}`;

/**
 * Contacts: the account's visitors who are someone, found by part of a name, email, phone or
 * user id, a page at a time; one opens for correcting (`/contacts/:id`), exporting or erasing.
 */
export function ContactsView({ path }: { path: string }) {
  const id = path.split('/')[2];
  const { erased, notice, leave } = useErasures(id, '/contacts', (e, open) => e.visitorId === open, 'This contact was erased');
  return <div class="page">{id ? <ContactDetail id={id} onErased={leave} /> : <ContactSearch erased={erased} notice={notice} />}</div>;
}

const search = (q: string, before?: string) =>
  `/contacts?limit=${PAGE}${q ? `&q=${encodeURIComponent(q)}` : ''}${before ? `&before=${encodeURIComponent(before)}` : ''}`;

function ContactSearch({ erased, notice }: { erased: ReadonlySet<string>; notice: string | null }) {
  const [q, setQ] = useState('');
  const first = useLoad(() => get<ContactList>(search(q)), [q]);
  /** Pages after the first, as "More" fetched them. */
  const [later, setLater] = useState<ContactList[]>([]);
  const [run, statusLine] = useSaver();
  return (
    <>
      <h1>Contacts</h1>
      {notice && <p role="status">{notice}</p>}
      <form
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setLater([]);
          setQ((new FormData(e.currentTarget).get('q') as string).trim());
        }}
      >
        <input name="q" type="search" placeholder="Name, email, phone or user id" aria-label="Find a contact" defaultValue={q} />
        <button type="submit">Find</button>
      </form>
      <Loaded load={first}>
        {(page) => {
          const pages = [page, ...later];
          const contacts = pages.flatMap((p) => p.contacts).filter((c) => !erased.has(c.id));
          const next = pages.at(-1)!.nextBefore;
          return (
            <>
              {contacts.length === 0 && <p>No contacts found.</p>}
              <ul class="contact-list">
                {contacts.map((c) => (
                  <li key={c.id}>
                    <Link to={`/contacts/${c.id}`}>{label(c)}</Link> {c.email && c.email !== label(c) ? <span class="muted">{c.email}</span> : null}{' '}
                    <span class="muted">
                      {c.conversationCount} conversation{c.conversationCount === 1 ? '' : 's'}
                    </span>
                  </li>
                ))}
              </ul>
              {statusLine}
              {next && (
                <button type="button" onClick={() => void run(async () => setLater([...later, await get<ContactList>(search(q, next))]), 'More contacts loaded')}>
                  More
                </button>
              )}
            </>
          );
        }}
      </Loaded>
    </>
  );
}

function ContactDetail({ id, onErased }: { id: string; onErased: OnErased }) {
  const contact = useLoad(() => get<Contact>(`/contacts/${id}`), [id]);
  const [run, statusLine] = useSaver();
  return (
    <>
      <Link to="/contacts">All contacts</Link>
      <Loaded load={contact}>
        {(c) => (
          <>
            <form
              class="settings"
              onSubmit={(e) => {
                e.preventDefault();
                const f = new FormData(e.currentTarget);
                const field = (name: string) => ((f.get(name) as string).trim() || null) as string | null;
                const body: UpdateContactBody = { name: field('name'), email: field('email'), phone: field('phone') };
                void run(async () => void (await patch<Contact, UpdateContactBody>(`/contacts/${id}`, body), await contact.reload()));
              }}
            >
              <h1>{label(c)}</h1>
              <label>
                Name
                <input name="name" defaultValue={c.name ?? ''} maxLength={120} />
              </label>
              <label>
                Email
                <input name="email" type="email" defaultValue={c.email ?? ''} />
              </label>
              <label>
                Phone
                <input name="phone" type="tel" defaultValue={c.phone ?? ''} />
              </label>
              <dl>
                {c.userId && (
                  <>
                    <dt>User id</dt>
                    <dd>{c.userId}</dd>
                  </>
                )}
                <dt>Conversations</dt>
                <dd>{c.conversationCount}</dd>
                {Object.entries(c.attributes).map(([k, v]) => (
                  <>
                    <dt>{k}</dt>
                    <dd>{String(v)}</dd>
                  </>
                ))}
              </dl>
              {statusLine}
              <button type="submit" class="primary">
                Save
              </button>
            </form>
            <ContactPrivacy visitorId={c.id} conversations={c.conversationCount} onErased={onErased} />
          </>
        )}
      </Loaded>
    </>
  );
}
