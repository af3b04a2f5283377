import { customAlphabet } from 'nanoid';

const idAlphabet = customAlphabet('0123456789abcdefghijklmnopqrstuvwxyz', 16);

/** Public ids carry a type prefix (`c_`, `v_`, ...) so a misplaced id is obvious in logs. */
export function newId(prefix: string): string {
  return `${prefix}_${idAlphabet()}`;
}
