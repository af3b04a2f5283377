import { useState } from 'preact/hooks';
import type { SiteAdmin, SiteSettings, UpdateSiteBody } from '@parley/protocol';
import { get, patch, post } from '../../api';
import { Loaded, useLoad } from '../../load';
import { useSaver } from '../../saver';
import { BotSettings } from './bot';
import { Embed, IdentitySecret } from './embed';
import { HelpCenterSettings } from './help-center';
import { BusinessHours, ResponseTargets } from './hours';
import { ContactFields, LookAndTexts } from './look';
import { PrivacySettings } from './privacy';
import { TicketSettings } from './tickets';

/** One site's settings as one form, saved together; the secret is rotated on its own. */
export function SiteSettingsForm({ siteId }: { siteId: string }) {
  const loaded = useLoad(() => get<SiteAdmin>(`/sites/${siteId}`), [siteId]);
  return <Loaded load={loaded}>{(site) => <SiteForm loaded={site} />}</Loaded>;
}

/** The form edits a copy of the site as loaded; saving or rotating the secret replaces it with the server's. */
function SiteForm({ loaded }: { loaded: SiteAdmin }) {
  const [site, setSite] = useState(loaded);
  const [origins, setOrigins] = useState(loaded.allowedOrigins.join('\n'));
  const [run, statusLine] = useSaver();
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
      <Embed snippet={site.embedSnippet} origins={origins} setOrigins={setOrigins} />
      <LookAndTexts name={site.name} setName={(name) => setSite({ ...site, name })} settings={s} set={set} />
      <ContactFields settings={s} set={set} />
      <BusinessHours settings={s} set={set} />
      <ResponseTargets settings={s} set={set} />
      <BotSettings settings={s} set={set} anthropicConfigured={site.anthropicConfigured} />
      <PrivacySettings siteId={site.id} settings={s} set={set} />
      <HelpCenterSettings publicKey={site.publicKey} settings={s} set={set} />
      <TicketSettings settings={s} set={set} />
      <IdentitySecret secret={site.identitySecret} rotate={rotate} />
      {statusLine}
      <button type="submit" class="primary">
        Save settings
      </button>
    </form>
  );
}
