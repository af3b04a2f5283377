import { useEffect, useRef, useState } from 'preact/hooks';
import type { Contact, ContactErased, DurableEvent } from '@parley/protocol';
import { del, get } from '../api';
import { ConfirmButton } from '../confirm';
import { plural } from '../format';
import { useLoad } from '../load';
import { navigate } from '../router';
import { useSaver } from '../saver';
import { useSession } from '../session';
import { onStreamEvent } from '../stream';

/** Told which visitor went, with a line saying what went with them; the caller leaves the page. */
export type OnErased = (visitorId: string, message: string) => void;

/**
 * A visitor's data, for owners and admins (the server refuses plain agents both): everything
 * held about them as a JSON download, and erasure of them with every conversation, message and
 * note.
 */
export function ContactPrivacy({ visitorId, conversations, onErased }: { visitorId: string; conversations?: number; onErased: OnErased }) {
  const { isAdmin } = useSession();
  const [run, statusLine] = useSaver();
  if (!isAdmin) return null;
  const erase = () =>
    run(async () => {
      const erased = await del<ContactErased>(`/contacts/${visitorId}`);
      onErased(visitorId, `Contact erased, with ${plural(erased.conversations, 'conversation')}`);
    }, 'Contact erased');
  return (
    <div class="contact-privacy">
      {/* The server names the file (Content-Disposition); `download` keeps the inbox on screen. */}
      <a href={`/v1/inbox/contacts/${visitorId}/export`} download>
        Export data (JSON)
      </a>
      <ConfirmButton label="Erase contact…" action="Erase" onConfirm={erase}>
        <ErasureWarning visitorId={visitorId} known={conversations} />
      </ConfirmButton>
      {statusLine}
    </div>
  );
}

/**
 * What erasure takes, counted. The conversation's sidebar lists at most a page of the visitor's
 * other conversations, so without a count at hand the warning asks for the contact's, and says
 * "all their conversations" until (or unless) it comes.
 */
function ErasureWarning({ visitorId, known }: { visitorId: string; known: number | undefined }) {
  const count = useLoad(async () => known ?? (await get<Contact>(`/contacts/${visitorId}`)).conversationCount, [visitorId, known]);
  const n = known ?? count.data;
  const what = n === undefined ? 'all their conversations' : `their ${plural(n, 'conversation')}`;
  return (
    <>
      This permanently deletes this visitor, {what}, messages and notes. It cannot be undone.
    </>
  );
}

type Erasure = Extract<DurableEvent, { type: 'contact.erased' }>;

/**
 * Erasures as a view that lists visitors' things (conversations, contacts) and opens one sees
 * them, whether made here (`leave`, as an OnErased) or by a colleague (the stream): `erased`,
 * the visitors to hide from whatever list comes, so no page of results is fetched again; and,
 * when the open thing went with them, a return to `home` with a notice that stays until
 * another one opens.
 */
export function useErasures(openId: string | null | undefined, home: string, took: (e: Erasure, openId: string) => boolean, gone: string) {
  const [erased, setErased] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<string | null>(null);
  // Read by the stream listener, subscribed once.
  const open = useRef(openId);
  open.current = openId;
  useEffect(() => void (openId && setNotice(null)), [openId]);
  const leave = (visitorId: string, why: string | null) => {
    setErased((s) => new Set(s).add(visitorId));
    if (why === null) return;
    setNotice(why);
    navigate(home);
  };
  useEffect(
    () =>
      onStreamEvent((e) => {
        if (e.type === 'contact.erased') leave(e.visitorId, open.current && took(e, open.current) ? gone : null);
      }),
    [],
  );
  return { erased, notice, leave };
}
