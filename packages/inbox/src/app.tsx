import { useEffect, useState } from 'preact/hooks';
import type { Me, SiteList } from '@parley/protocol';
import { get, nullOn, post, setUnauthorizedHandler } from './api';
import { Loaded, useLoad } from './load';
import { Link, navigate, usePath } from './router';
import { SessionContext, type Session } from './session';
import { connectStream, onStreamEvent } from './stream';
import { usePresence } from './presence';
import { Avatar } from './avatar';
import { InboxView } from './views/inbox';
import { InviteView } from './views/invite';
import { LoginView } from './views/login';
import { ProfileView } from './views/profile';
import { ContactsView } from './views/contacts';
import { ReportsView } from './views/reports';
import { ResetView } from './views/reset';
import { SettingsView } from './views/settings';
import { TicketsBadge } from './views/tickets/badge';
import { TicketsView } from './views/tickets/tickets';

export function App() {
  const path = usePath();
  // Signed out is an answer (the login form); only a failure to ask at all shows Retry.
  const me = useLoad(() => get<Me>('/auth/me').catch(nullOn(401)), []);
  const [notice, setNotice] = useState<string | null>(null);
  const signedOut = (why: string | null) => {
    setNotice(why);
    me.set(null);
  };
  useEffect(() => setUnauthorizedHandler(() => signedOut(null)), []);

  if (path.startsWith('/invite')) return <InviteView onJoined={me.set} />;
  if (path.startsWith('/reset')) return <ResetView onReset={() => signedOut(null)} />;
  return (
    <Loaded load={me}>
      {(signedIn) =>
        signedIn ? <SignedIn me={signedIn} path={path} setMe={me.set} onLogout={signedOut} /> : <LoginView notice={notice} onLogin={me.set} />
      }
    </Loaded>
  );
}

function SignedIn({ me, path, setMe, onLogout }: { me: Me; path: string; setMe: (me: Me) => void; onLogout: (why: string | null) => void }) {
  const sites = useLoad(() => get<SiteList>('/sites').then((r) => r.sites), []);
  useEffect(() => connectStream(), []);
  // The server ended this session (signed out elsewhere, deactivated, a password changed or reset, expiry).
  useEffect(() => onStreamEvent((e) => e.type === 'session.ended' && onLogout('Your session has ended: log in again.')), []);
  const [presence, setPresence] = usePresence(me.presence);
  const session: Session = {
    me,
    sites,
    isAdmin: me.role !== 'agent',
    setMe,
    logout: async () => {
      await post('/auth/logout');
      onLogout(null);
      navigate('/');
    },
  };
  const section = path.split('/')[1] ?? '';
  return (
    <SessionContext.Provider value={session}>
      <header class="topbar">
        <strong class="brand">Parley</strong>
        <nav aria-label="Main">
          <Link to="/" aria-current={section === '' || section === 'c' ? 'page' : undefined}>
            Inbox
          </Link>
          <Link to="/tickets" aria-current={section === 'tickets' ? 'page' : undefined}>
            Tickets
          </Link>
          <Link to="/contacts" aria-current={section === 'contacts' ? 'page' : undefined}>
            Contacts
          </Link>
          {session.isAdmin && (
            <>
              <Link to="/reports" aria-current={section === 'reports' ? 'page' : undefined}>
                Reports
              </Link>
              <Link to="/settings" aria-current={section === 'settings' ? 'page' : undefined}>
                Settings
              </Link>
            </>
          )}
          <Link to="/profile" aria-current={section === 'profile' ? 'page' : undefined}>
            Profile
          </Link>
        </nav>
        <TicketsBadge />
        <label class="presence">
          <span class={`dot ${presence}`} aria-hidden="true" />
          <span class="sr-only">Your status</span>
          <select value={presence} onChange={(e) => setPresence(e.currentTarget.value as Me['presence'])} aria-label="Your status">
            <option value="online">Online</option>
            <option value="away">Away</option>
            <option value="offline">Offline</option>
          </select>
        </label>
        <span class="whoami">
          <Avatar name={me.name} url={me.avatarUrl} />
          {me.name}
        </span>
        <button type="button" class="link" onClick={() => void session.logout()}>
          Log out
        </button>
      </header>
      <main>
        {section === 'reports' && session.isAdmin ? (
          <ReportsView />
        ) : section === 'settings' && session.isAdmin ? (
          <SettingsView path={path} />
        ) : section === 'profile' ? (
          <ProfileView />
        ) : section === 'contacts' ? (
          <ContactsView path={path} />
        ) : section === 'tickets' ? (
          <TicketsView ticketId={path.split('/')[2] || null} />
        ) : (
          <InboxView conversationId={section === 'c' ? (path.split('/')[2] ?? null) : null} />
        )}
      </main>
    </SessionContext.Provider>
  );
}
