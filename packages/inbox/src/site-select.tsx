import { Fragment, type ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { Loaded } from './load';
import { useSession } from './session';

/**
 * A one-site view (a site's settings, its knowledge base) under the account's site picker, for
 * the site picked, else the account's first. Keyed by site: nothing of one site (an open
 * editor, a late answer) carries over to the next.
 */
export function PickedSite({ children }: { children: (siteId: string) => ComponentChildren }) {
  const { sites } = useSession();
  const [picked, setPicked] = useState('');
  return (
    <Loaded load={sites}>
      {(list) => {
        const siteId = picked || list[0]?.id;
        if (!siteId) return <p class="empty">This account has no site yet.</p>;
        return (
          <>
            <SiteSelect value={siteId} onChange={setPicked} />
            <Fragment key={siteId}>{children(siteId)}</Fragment>
          </>
        );
      }}
    </Loaded>
  );
}

/**
 * The account's site picker, hidden when there is a single site. With `all`, an "All sites"
 * choice (value "") for views that span sites; without, views that work on one site.
 */
export function SiteSelect({ value, onChange, all = false }: { value: string; onChange: (siteId: string) => void; all?: boolean }) {
  const sites = useSession().sites.data ?? [];
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
