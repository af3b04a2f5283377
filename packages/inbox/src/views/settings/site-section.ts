import type { SiteSettings } from '@parley/protocol';

/**
 * What each part of the site form gets: the settings as edited so far, and `set`, which
 * changes a copy of them. Nothing reaches the server until the form is saved.
 */
export interface SiteSectionProps {
  settings: SiteSettings;
  set(change: (copy: SiteSettings) => SiteSettings): void;
}
