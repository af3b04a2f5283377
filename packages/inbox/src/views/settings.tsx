import { Link } from '../router';
import { PickedSite } from '../site-select';
import { KnowledgeBase } from './kb';
import { AgentsSettings } from './settings/agents';
import { ApiTokenSettings } from './settings/api-tokens';
import { AuditLog } from './settings/audit';
import { CannedSettings } from './settings/canned';
import { SiteSettingsForm } from './settings/site';
import { WebhookSettings } from './settings/webhooks';
import { WhatsAppChannels } from './settings/whatsapp';

export function SettingsView({ path }: { path: string }) {
  const tab = path.split('/')[2] ?? 'site';
  const tabs: Array<[string, string]> = [
    ['site', 'Site'],
    ['agents', 'Agents'],
    ['canned', 'Canned responses'],
    ['kb', 'Knowledge base'],
    ['channels', 'Channels'],
    ['audit', 'Audit log'],
    ['api-tokens', 'API tokens'],
    ['webhooks', 'Webhooks'],
  ];
  return (
    <div class="page">
      <h1>Settings</h1>
      <nav class="tabs" aria-label="Settings">
        {tabs.map(([id, label]) => (
          <Link to={`/settings/${id}`} aria-current={tab === id ? 'page' : undefined}>
            {label}
          </Link>
        ))}
      </nav>
      {tab === 'agents' ? (
        <AgentsSettings />
      ) : tab === 'audit' ? (
        <AuditLog />
      ) : tab === 'canned' ? (
        <CannedSettings />
      ) : tab === 'api-tokens' ? (
        <ApiTokenSettings />
      ) : tab === 'webhooks' ? (
        <WebhookSettings />
      ) : (
        <PickedSite>
          {(siteId) =>
            tab === 'kb' ? <KnowledgeBase siteId={siteId} /> : tab === 'channels' ? <WhatsAppChannels siteId={siteId} /> : <SiteSettingsForm siteId={siteId} />
          }
        </PickedSite>
      )}
    </div>
  );
}
