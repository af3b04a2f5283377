import type { SiteAdmin, SiteSettings } from '@parley/protocol';

/**
 * A site as the site form's tests load it, with `settings` (the caller parses them with the
 * schema, which product code may not import: see .dependency-cruiser.cjs).
 */
export const siteWith = (settings: SiteSettings): SiteAdmin => ({
  id: 'site_1',
  name: 'Shop',
  publicKey: 'pk_1',
  allowedOrigins: ['https://shop.example'],
  settings,
  identitySecret: 'secret',
  embedSnippet: '<script></script>',
  anthropicConfigured: false,
});
