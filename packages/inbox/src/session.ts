import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Me, SiteRef } from '@parley/protocol';
import type { Load } from './load';

export interface Session {
  me: Me;
  /** The account's sites, loaded once for every view that picks one. */
  sites: Load<SiteRef[]>;
  isAdmin: boolean;
  /** After the agent changed their own profile (their photo). */
  setMe(me: Me): void;
  logout(): Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in app');
  return s;
}
