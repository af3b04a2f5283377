import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/store';
import { agentAvatars } from '../db/tables';
import { ApiError } from '../http/errors';

export const AVATAR_MAX_BYTES = 256 * 1024;

type AvatarMime = (typeof agentAvatars.$inferSelect)['mime'];

/** The file signatures we accept: the Content-Type header is the client's claim, the bytes are the truth. */
const SIGNATURES: Array<[AvatarMime, (b: Uint8Array) => boolean]> = [
  ['image/png', (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ['image/jpeg', (b) => startsWith(b, [0xff, 0xd8, 0xff])],
  ['image/webp', (b) => startsWith(b, [0x52, 0x49, 0x46, 0x46]) && ascii(b, 8, 12) === 'WEBP'],
];

const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);
const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

/**
 * The stored mime type of an upload, or a 4xx: 415 for a type we do not take, 400 when the
 * bytes are not the image the header claims (a text file sent as image/png).
 */
export function avatarMime(contentType: string | undefined, bytes: Uint8Array): AvatarMime {
  const claimed = contentType?.split(';')[0]?.trim().toLowerCase();
  const signature = SIGNATURES.find(([mime]) => mime === claimed);
  if (!signature) throw new ApiError(415, 'unsupported_media_type', 'An avatar must be sent as image/png, image/jpeg or image/webp');
  if (bytes.length > AVATAR_MAX_BYTES) throw new ApiError(413, 'payload_too_large', `An avatar is at most ${AVATAR_MAX_BYTES} bytes`);
  if (!signature[1](bytes)) throw new ApiError(400, 'invalid_request', `The body is not a ${claimed} image`);
  return signature[0];
}

/** The public, cacheable address of an agent's avatar, or null without one. */
export function avatarUrl(publicUrl: string, agentId: string | null, hash: string | null | undefined): string | null {
  return agentId && hash ? `${publicUrl}/v1/avatars/${agentId}/${hash}` : null;
}

export async function saveAvatar(db: Db, agentId: string, bytes: Uint8Array, mime: AvatarMime): Promise<void> {
  const row = { bytes: Buffer.from(bytes), mime, hash: createHash('sha256').update(bytes).digest('hex').slice(0, 32), updatedAt: new Date() };
  await db
    .insert(agentAvatars)
    .values({ agentId, ...row })
    .onConflictDoUpdate({ target: agentAvatars.agentId, set: row });
}

export async function removeAvatar(db: Db, agentId: string): Promise<void> {
  await db.delete(agentAvatars).where(eq(agentAvatars.agentId, agentId));
}

/** The current avatar at this hash; an old hash finds nothing. */
export async function findAvatar(db: Db, agentId: string, hash: string) {
  return (
    await db
      .select({ bytes: agentAvatars.bytes, mime: agentAvatars.mime })
      .from(agentAvatars)
      .where(and(eq(agentAvatars.agentId, agentId), eq(agentAvatars.hash, hash)))
      .limit(1)
  )[0];
}

/** Agent id → avatar URL for these agents, in one query. */
export async function avatarUrls(db: Db, publicUrl: string, agentIds: string[]): Promise<Map<string, string | null>> {
  const rows = agentIds.length
    ? await db.select({ agentId: agentAvatars.agentId, hash: agentAvatars.hash }).from(agentAvatars).where(inArray(agentAvatars.agentId, agentIds))
    : [];
  const hashes = new Map(rows.map((r) => [r.agentId, r.hash]));
  return new Map(agentIds.map((id) => [id, avatarUrl(publicUrl, id, hashes.get(id))]));
}

export const avatarUrlOf = async (db: Db, publicUrl: string, agentId: string) => (await avatarUrls(db, publicUrl, [agentId])).get(agentId) ?? null;
