import { eq } from 'drizzle-orm';
import type { WhatsAppChannel } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { SecretBox } from '../core/secret-box';
import type { WhatsAppChannelRow } from '../db/rows';
import type { Db } from '../db/store';
import { whatsappChannels } from '../db/tables';
import { ApiError } from '../http/errors';

/** The box that seals channel secrets; 409 when the operator has not set PARLEY_SECRET_KEY. */
export function secretBox(config: Deps['config']): SecretBox {
  if (!config.PARLEY_SECRET_KEY) throw new ApiError(409, 'conflict', 'PARLEY_SECRET_KEY is not set on the server: channel secrets could not be stored safely');
  return new SecretBox(config.PARLEY_SECRET_KEY);
}

export const webhookUrlOf = (config: Deps['config'], channelId: string) => `${config.PUBLIC_URL.replace(/\/$/, '')}/v1/whatsapp/${channelId}/webhook`;

export function toChannel(config: Deps['config'], row: WhatsAppChannelRow): WhatsAppChannel {
  return {
    id: row.id,
    siteId: row.siteId,
    phoneNumberId: row.phoneNumberId,
    businessAccountId: row.businessAccountId,
    displayPhone: row.displayPhone,
    webhookUrl: webhookUrlOf(config, row.id),
    verifyToken: row.verifyToken,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function findChannel(db: Db, id: string): Promise<WhatsAppChannelRow | undefined> {
  return (await db.select().from(whatsappChannels).where(eq(whatsappChannels.id, id)).limit(1))[0];
}

/** The channel's access token and app secret, opened; undefined when they no longer open (PARLEY_SECRET_KEY changed or unset). */
export function channelSecrets(config: Deps['config'], row: WhatsAppChannelRow): { accessToken: string; appSecret: string } | undefined {
  if (!config.PARLEY_SECRET_KEY) return undefined;
  const box = new SecretBox(config.PARLEY_SECRET_KEY);
  try {
    return { accessToken: box.open(row.accessTokenSealed), appSecret: box.open(row.appSecretSealed) };
  } catch {
    return undefined;
  }
}
