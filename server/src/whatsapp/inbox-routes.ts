import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { CreateWhatsAppChannelBody, KbSiteParams, UpdateWhatsAppChannelBody, WhatsAppChannelParams, type WhatsAppChannelList } from '@parley/protocol';
import { audit } from '../audit/audit';
import { ADMIN_ROLES, requireAgent, type InboxEnv } from '../auth/agent-auth';
import { newToken } from '../auth/tokens';
import type { Deps } from '../core/deps';
import { newId } from '../db/ids';
import { whatsappChannels } from '../db/tables';
import { ApiError, notFound } from '../http/errors';
import { validate } from '../http/validate';
import { accountSite } from '../sites/access';
import { secretBox, toChannel } from './channels';

/**
 * Settings → Channels → WhatsApp, at /v1/inbox/sites/:siteId/channels/whatsapp (owners and
 * admins): a site's numbers with the ids Meta shows, the access token and app secret sealed
 * (never returned), and the webhook URL and verify token to paste in the Meta app. A phone
 * number id is one channel's, whichever site: 409 for a second. Another account's site is 404.
 */
export function whatsappChannelInboxRoutes(deps: Deps) {
  const { db, config } = deps;
  const siteParam = validate('param', KbSiteParams);
  const channelParam = validate('param', WhatsAppChannelParams);
  const channelOf = async (accountId: string, siteId: string, channelId: string) => {
    const site = await accountSite(db, accountId, siteId);
    const [row] = await db
      .select()
      .from(whatsappChannels)
      .where(and(eq(whatsappChannels.id, channelId), eq(whatsappChannels.siteId, site.id)))
      .limit(1);
    if (!row) throw notFound('Channel');
    return row;
  };
  const taken = async (phoneNumberId: string, except?: string) => {
    const [row] = await db.select({ id: whatsappChannels.id }).from(whatsappChannels).where(eq(whatsappChannels.phoneNumberId, phoneNumberId)).limit(1);
    if (row && row.id !== except) throw new ApiError(409, 'conflict', 'phoneNumberId: this number is already a channel');
  };

  return new Hono<InboxEnv>()
    .use(requireAgent({ roles: ADMIN_ROLES }))
    .get('/', siteParam, async (c) => {
      const site = await accountSite(db, c.get('agent').accountId, c.req.valid('param').siteId);
      const rows = await db.select().from(whatsappChannels).where(eq(whatsappChannels.siteId, site.id));
      const body: WhatsAppChannelList = { channels: rows.map((r) => toChannel(config, r)) };
      return c.json(body);
    })
    .post('/', siteParam, validate('json', CreateWhatsAppChannelBody), async (c) => {
      const agent = c.get('agent');
      const site = await accountSite(db, agent.accountId, c.req.valid('param').siteId);
      const input = c.req.valid('json');
      const box = secretBox(config);
      await taken(input.phoneNumberId);
      const [row] = await db
        .insert(whatsappChannels)
        .values({
          id: newId('wa'),
          siteId: site.id,
          phoneNumberId: input.phoneNumberId,
          businessAccountId: input.businessAccountId,
          displayPhone: input.displayPhone ?? null,
          accessTokenSealed: box.seal(input.accessToken),
          appSecretSealed: box.seal(input.appSecret),
          verifyToken: newToken('wav'),
        })
        .onConflictDoNothing()
        .returning();
      if (!row) throw new ApiError(409, 'conflict', 'phoneNumberId: this number is already a channel');
      await audit(db, agent, 'channel.create', row.id);
      return c.json(toChannel(config, row), 201);
    })
    .patch('/:channelId', channelParam, validate('json', UpdateWhatsAppChannelBody), async (c) => {
      const agent = c.get('agent');
      const { siteId, channelId } = c.req.valid('param');
      const row = await channelOf(agent.accountId, siteId, channelId);
      const { accessToken, appSecret, ...plain } = c.req.valid('json');
      if (plain.phoneNumberId) await taken(plain.phoneNumberId, row.id);
      const sealed = accessToken || appSecret ? secretBox(config) : undefined;
      const [updated] = await db
        .update(whatsappChannels)
        .set({
          ...plain,
          ...(accessToken ? { accessTokenSealed: sealed!.seal(accessToken) } : {}),
          ...(appSecret ? { appSecretSealed: sealed!.seal(appSecret) } : {}),
        })
        .where(eq(whatsappChannels.id, row.id))
        .returning();
      await audit(db, agent, 'channel.update', row.id, { fields: Object.keys(c.req.valid('json')) });
      return c.json(toChannel(config, updated!));
    })
    .delete('/:channelId', channelParam, async (c) => {
      const agent = c.get('agent');
      const { siteId, channelId } = c.req.valid('param');
      const row = await channelOf(agent.accountId, siteId, channelId);
      await db.delete(whatsappChannels).where(eq(whatsappChannels.id, row.id));
      await audit(db, agent, 'channel.delete', row.id);
      return c.body(null, 204);
    });
}
