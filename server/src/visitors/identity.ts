import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { ContactField, IdentifyBody, IdentifyResult } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { hashToken, newToken } from '../auth/tokens';
import { newId } from '../db/ids';
import { conversations, events, visitors, visitorTokens } from '../db/tables';
import type { VisitorRow, SiteRow } from '../db/rows';
import { commitAndPublish, logHead } from '../realtime/event-log';
import { changedContactFields, logContactUpdated } from './contact-update';

/** The userHash a site's server computes: hex HMAC-SHA256 of the user id, keyed by the site secret. */
export function userHash(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(userId).digest('hex');
}

export function verifyUserHash(secret: string, userId: string, hash: string): boolean {
  const expected = Buffer.from(userHash(secret, userId), 'hex');
  const given = Buffer.from(hash.toLowerCase(), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Signs a verified user in on this device: one visitor row per (site, userId), with a new
 * token per device, so the user sees the same conversations everywhere. An anonymous
 * visitor on this device becomes that user (its conversations move over with it).
 */
export async function identifyVisitor(
  deps: Pick<Deps, 'db' | 'bus'>,
  site: SiteRow,
  current: VisitorRow | undefined,
  input: IdentifyBody,
): Promise<IdentifyResult> {
  const token = newToken('vt');
  const contact = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.email !== undefined ? { email: input.email } : {}),
    ...(input.phone !== undefined ? { phone: input.phone } : {}),
  };
  const done = await commitAndPublish(deps, async (tx) => {
    const anonymous = current && current.siteId === site.id && current.userId === null ? current : undefined;
    const known = (
      await tx
        .select()
        .from(visitors)
        .where(and(eq(visitors.siteId, site.id), eq(visitors.userId, input.userId)))
        .limit(1)
    )[0];
    let visitorId: string;
    let changed: ContactField[];
    if (known) {
      visitorId = known.id;
      if (anonymous) {
        await tx.update(conversations).set({ visitorId }).where(eq(conversations.visitorId, anonymous.id));
        await tx.update(events).set({ visitorId }).where(eq(events.visitorId, anonymous.id));
      }
      changed = changedContactFields(known, contact);
      if (changed.length) await tx.update(visitors).set(contact).where(eq(visitors.id, visitorId));
      await tx.insert(visitorTokens).values({ tokenHash: hashToken(token), visitorId });
    } else if (anonymous) {
      visitorId = anonymous.id;
      changed = changedContactFields(anonymous, { userId: input.userId, ...contact });
      await tx
        .update(visitors)
        .set({ userId: input.userId, ...contact })
        .where(eq(visitors.id, visitorId));
      await tx.insert(visitorTokens).values({ tokenHash: hashToken(token), visitorId });
    } else {
      visitorId = newId('v');
      changed = changedContactFields({}, { userId: input.userId, ...contact });
      await tx.insert(visitors).values({ id: visitorId, siteId: site.id, tokenHash: hashToken(token), userId: input.userId, ...contact });
    }
    // Where the log is now: the user's history comes from the REST endpoints, and the
    // visitor's own last event may be older than what the log still keeps.
    const result: IdentifyResult = { visitorId, token, eventCursor: await logHead(tx) };
    return { result, logged: logContactUpdated(tx, { id: visitorId, siteId: site.id }, changed) };
  });
  return done!.result;
}
