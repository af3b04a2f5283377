import { useEffect, useState } from 'preact/hooks';
import type { SiteAdmin, SiteSettings, UpdateSiteBody } from '@parley/protocol';
import { get, patch, post } from '../../api';
import { useSaver } from '../../saver';
import { SiteSelect, usePickedSite } from '../../site-select';
import { BotSettings } from './bot';
import { Embed, IdentitySecret } from './embed';
import { BusinessHours, ResponseTargets } from './hours';
import { ContactFields, LookAndTexts } from './look';

/** One site's settings as one form, saved together; the secret is rotated on its own. */
export function SiteSettingsForm() {
  const [id, setSiteId] = usePickedSite();
  const [site, setSite] = useState<SiteAdmin | null>(null);
  const [origins, setOrigins] = useState('');
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
  const rotate = () => void run(async () => setSite(await post<SiteAdmin>(`/sites/${site.id}/secret`)), 'Secret rotated');
  return (
    <form class="settings" onSubmit={save}>
      <SiteSelect value={id} onChange={setSiteId} />
      <Embed snippet={site.embedSnippet} origins={origins} setOrigins={setOrigins} />
      <LookAndTexts name={site.name} setName={(name) => setSite({ ...site, name })} settings={s} set={set} />
      <ContactFields settings={s} set={set} />
      <BusinessHours settings={s} set={set} />
      <ResponseTargets settings={s} set={set} />
      <BotSettings settings={s} set={set} anthropicConfigured={site.anthropicConfigured} />
      <IdentitySecret secret={site.identitySecret} rotate={rotate} />
      {statusLine}
      <button type="submit" class="primary">
        Save settings
      </button>
    </form>
  );
}
