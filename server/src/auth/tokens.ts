import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits; only the SHA-256 is stored, so a leaked database leaks no live token. */
export function newToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
