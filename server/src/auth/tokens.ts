import { createHash, randomBytes } from 'node:crypto';
import { customAlphabet } from 'nanoid';

/** 256 random bits; only the SHA-256 is stored, so a leaked database leaks no live token. */
export function newToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const idAlphabet = customAlphabet('0123456789abcdefghijklmnopqrstuvwxyz', 16);

/** Public ids carry a type prefix (`c_`, `v_`, ...) so a misplaced id is obvious in logs. */
export function newId(prefix: string): string {
  return `${prefix}_${idAlphabet()}`;
}
