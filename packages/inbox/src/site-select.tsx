import { useSession } from './session';

/** "All sites" or one of them; hidden when the account has a single site. */
export function SiteSelect({ value, onChange }: { value: string; onChange: (siteId: string) => void }) {
  const { sites } = useSession();
  if (sites.length < 2) return null;
  return (
    <label>
      Site
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">All sites</option>
        {sites.map((s) => (
          <option value={s.id}>{s.name}</option>
        ))}
      </select>
    </label>
  );
}

/** One of the account's sites, for views that work on a single site; hidden when there is only one. */
export function OneSiteSelect({ value, onChange }: { value: string; onChange: (siteId: string) => void }) {
  const { sites } = useSession();
  if (sites.length < 2) return null;
  return (
    <label>
      Site
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {sites.map((s) => (
          <option value={s.id}>{s.name}</option>
        ))}
      </select>
    </label>
  );
}
