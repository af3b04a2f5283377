import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { CreateSiteBody, IdParams, UpdateSiteBody, type SiteAdmin, type SiteList } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { audit, changedFields } from '../audit/audit';
import { ADMIN_ROLES, requireAgent, type InboxEnv } from '../auth/agent-auth';
import { newToken } from '../auth/tokens';
import { sites } from '../db/tables';
import { validate } from '../http/validate';
import { accountSite, accountSites } from './access';
import { createSite, embedSnippet } from './admin';
import { siteSettings, withConsentVersion } from './sites';
import type { SiteRow } from '../db/rows';

/** /v1/inbox/sites: every agent sees the list (for filters); owners and admins edit settings. */
export function siteInboxRoutes({ db, config }: Deps) {
  const toAdmin = (s: SiteRow): SiteAdmin => ({
    id: s.id,
    name: s.name,
    publicKey: s.publicKey,
    allowedOrigins: s.allowedOrigins,
    settings: siteSettings(s),
    identitySecret: s.secret,
    embedSnippet: embedSnippet(config.PUBLIC_URL, s.publicKey),
    anthropicConfigured: !!config.ANTHROPIC_API_KEY,
  });
  const admin = requireAgent({ roles: ADMIN_ROLES });

  return new Hono<InboxEnv>()
    .use(requireAgent())
    .get('/', async (c) => {
      const body: SiteList = { sites: (await accountSites(db, c.get('agent').accountId)).map((s) => ({ id: s.id, name: s.name, publicKey: s.publicKey })) };
      return c.json(body);
    })
    .post('/', requireAgent({ roles: ['owner'] }), validate('json', CreateSiteBody), async (c) => {
      const agent = c.get('agent');
      const { name, allowedOrigins } = c.req.valid('json');
      const site = await createSite(db, agent.accountId, name, allowedOrigins);
      await audit(db, agent, 'site.create', site.id, { name });
      return c.json(toAdmin(site), 201);
    })
    .get('/:id', admin, validate('param', IdParams), async (c) => c.json(toAdmin(await accountSite(db, c.get('agent').accountId, c.req.valid('param').id))))
    .patch('/:id', admin, validate('param', IdParams), validate('json', UpdateSiteBody), async (c) => {
      const agent = c.get('agent');
      const site = await accountSite(db, agent.accountId, c.req.valid('param').id);
      const input = c.req.valid('json');
      const updated = (
        await db
          .update(sites)
          .set({
            ...(input.name !== undefined ? { name: input.name } : {}),
            ...(input.allowedOrigins !== undefined ? { allowedOrigins: input.allowedOrigins } : {}),
            ...(input.settings !== undefined ? { settings: withConsentVersion(siteSettings(site), input.settings) } : {}),
          })
          .where(eq(sites.id, site.id))
          .returning()
      )[0]!;
      // Settings come back whole: the entry names the leaves that changed (`settings.theme.color`).
      const shown = (s: SiteRow) => ({ name: s.name, allowedOrigins: s.allowedOrigins, settings: siteSettings(s) });
      await audit(db, agent, 'site.update', site.id, { fields: changedFields(shown(site), shown(updated)) });
      return c.json(toAdmin(updated));
    })
    .post('/:id/secret', admin, validate('param', IdParams), async (c) => {
      const agent = c.get('agent');
      const site = await accountSite(db, agent.accountId, c.req.valid('param').id);
      // Identify calls signed with the old secret fail from now on: the owner updates their server.
      const updated = (
        await db
          .update(sites)
          .set({ secret: newToken('sk') })
          .where(eq(sites.id, site.id))
          .returning()
      )[0]!;
      await audit(db, agent, 'site.rotate_secret', site.id);
      return c.json(toAdmin(updated));
    });
}
