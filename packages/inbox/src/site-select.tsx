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
