import type { Context } from 'hono';
import { Hono } from 'hono';
import { AvatarParams, type Me } from '@parley/protocol';
import type { AppDeps } from '../core/deps';
import { requireAgent, type InboxEnv } from '../auth/agent-auth';
import { toMe } from '../auth/inbox-routes';
import { notFound } from '../http/errors';
import { validate } from '../http/validate';
import { audit } from '../audit/audit';
import { avatarMime, avatarUrlOf, findAvatar, removeAvatar, saveAvatar } from './avatars';

/** Stores the request's image as this agent's avatar (the caller has checked who may). */
export async function uploadAvatar({ db }: AppDeps, c: Context<InboxEnv>, agentId: string): Promise<void> {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  saveAvatar(db, agentId, bytes, avatarMime(c.req.header('content-type'), bytes));
  audit(db, c.get('agent'), 'agent.avatar', agentId, { bytes: bytes.length });
}

export function deleteAvatar({ db }: AppDeps, c: Context<InboxEnv>, agentId: string): void {
  removeAvatar(db, agentId);
  audit(db, c.get('agent'), 'agent.avatar', agentId, { removed: true });
}

/** /v1/inbox/me/avatar: every agent sets their own photo. */
export function myAvatarRoutes(deps: AppDeps) {
  const me = (c: Context<InboxEnv>): Me => toMe(c.get('agent'), avatarUrlOf(deps.db, deps.config.PUBLIC_URL, c.get('agent').id));
  return new Hono<InboxEnv>()
    .use(requireAgent())
    .put('/avatar', async (c) => {
      await uploadAvatar(deps, c, c.get('agent').id);
      return c.json(me(c));
    })
    .delete('/avatar', (c) => {
      deleteAvatar(deps, c, c.get('agent').id);
      return c.body(null, 204);
    });
}

// Like the widget's chunks: any site's page may show it.
const ANY_SITE = { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' };

/**
 * GET /v1/avatars/:agentId/:hash, public: visitors' widgets show it on any site. The hash
 * makes the URL immutable. Messages keep the URL they were written with, so a replaced
 * photo's old URL redirects (uncached) to the current one; with no photo it is a 404 and the
 * widget shows the initial.
 */
export function publicAvatarRoutes({ db, config }: AppDeps) {
  return new Hono().get('/:agentId/:hash', validate('param', AvatarParams), (c) => {
    const { agentId, hash } = c.req.valid('param');
    const avatar = findAvatar(db, agentId, hash);
    if (!avatar) {
      const current = avatarUrlOf(db, config.PUBLIC_URL, agentId);
      if (!current) throw notFound('Avatar');
      return c.body(null, 302, { Location: current, 'Cache-Control': 'no-cache', ...ANY_SITE });
    }
    return c.body(new Uint8Array(avatar.bytes), 200, {
      'Content-Type': avatar.mime,
      'Cache-Control': 'public, max-age=31536000, immutable',
      'X-Content-Type-Options': 'nosniff',
      ...ANY_SITE,
    });
  });
}
