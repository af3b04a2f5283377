import { Hono } from 'hono';
import { AvatarParams } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { notFound } from '../http/errors';
import { validate } from '../http/validate';
import { avatarUrlOf, findAvatar } from './avatars';

// Like the widget's chunks: any site's page may show it.
const ANY_SITE = { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' };

/**
 * GET /v1/avatars/:agentId/:hash, public: visitors' widgets show it on any site. The hash
 * makes the URL immutable. Messages keep the URL they were written with, so a replaced
 * photo's old URL redirects (uncached) to the current one; with no photo it is a 404 and the
 * widget shows the initial.
 */
export function avatarPublicRoutes({ db, config }: Deps) {
  return new Hono().get('/:agentId/:hash', validate('param', AvatarParams), async (c) => {
    const { agentId, hash } = c.req.valid('param');
    const avatar = await findAvatar(db, agentId, hash);
    if (!avatar) {
      const current = await avatarUrlOf(db, config.PUBLIC_URL, agentId);
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
