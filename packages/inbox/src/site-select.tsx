import { useState } from 'preact/hooks';
import { useSession } from './session';

/** The site a one-site view works on: the one picked, else the account's first. */
export function usePickedSite(): [string, (siteId: string) => void] {
  const { sites } = useSession();
  const [picked, setPicked] = useState('');
  return [picked || sites[0]?.id || '', setPicked];
}

/**
 * The account's site picker, hidden when there is a single site. With `all`, an "All sites"
 * choice (value "") for views that span sites; without, views that work on one site.
 */
export function SiteSelect({ value, onChange, all = false }: { value: string; onChange: (siteId: string) => void; all?: boolean }) {
  const { sites } = useSession();
  if (sites.length < 2) return null;
  return (
    <label>
      Site
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {all && <option value="">All sites</option>}
        {sites.map((s) => (
          <option value={s.id}>{s.name}</option>
        ))}
      </select>
    </label>
  );
}
