import { createHmac, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Config } from '../config/config';
import type { Db } from '../db/store';
import { conversations, sites } from '../db/tables';
import type { ConversationRow } from '../db/rows';

// 80 bits of MAC: guessing one takes ~2^79 tries, each a mail the listener answers with a 550.
const MAC_HEX_CHARS = 20;
// Domain separation: the site secret also signs identify() hashes, which must never double as a reply token.
const PURPOSE = 'parley/inbound-reply/v1:';

function mac(siteSecret: string, conversationId: string): string {
  return createHmac('sha256', siteSecret)
    .update(PURPOSE + conversationId)
    .digest('hex')
    .slice(0, MAC_HEX_CHARS);
}

/**
 * `reply+<conversation id>.<MAC>@PARLEY_INBOUND_DOMAIN`, where the MAC is a truncated
 * HMAC-SHA256 of the conversation id keyed by its site's secret: the address names one
 * conversation and nobody without the secret can make one for another. Lower case only, so
 * a mail server that folds the local part's case still delivers it. Undefined when inbound
 * email is off (replies then go to the sender address).
 */
export function replyAddress(config: Pick<Config, 'PARLEY_INBOUND_DOMAIN'>, siteSecret: string, conversationId: string): string | undefined {
  if (!config.PARLEY_INBOUND_DOMAIN) return undefined;
  return `reply+${conversationId}.${mac(siteSecret, conversationId)}@${config.PARLEY_INBOUND_DOMAIN}`;
}

const RECIPIENT = new RegExp(`^reply\\+([a-z0-9_]{1,64})\\.([0-9a-f]{${MAC_HEX_CHARS}})@`);

/**
 * The conversation a reply address stands for, or undefined when the address is not one of
 * ours or its MAC does not match (forged, altered, or the site secret was rotated since).
 */
export async function conversationForRecipient(db: Db, recipient: string): Promise<ConversationRow | undefined> {
  const [, conversationId, given] = RECIPIENT.exec(recipient.trim().toLowerCase()) ?? [];
  if (!conversationId || !given) return undefined;
  const row = (
    await db
      .select({ conversation: conversations, secret: sites.secret })
      .from(conversations)
      .innerJoin(sites, eq(sites.id, conversations.siteId))
      .where(eq(conversations.id, conversationId))
      .limit(1)
  )[0];
  if (!row) return undefined;
  const ok = timingSafeEqual(Buffer.from(mac(row.secret, conversationId)), Buffer.from(given));
  return ok ? row.conversation : undefined;
}
