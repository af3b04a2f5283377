import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Deletes the mails the mailer wrote to the outbox folder (no SMTP_URL: mailer.ts) that name
 * any of `needles` — an erased visitor's addresses and ids, their conversations' ids (every
 * mail about a conversation is threaded on `<conversation-ID@host>`). Reads each file once.
 */
export function deleteOutboxMails(dir: string, needles: readonly string[]): number {
  const wanted = needles.filter(Boolean).map((n) => n.toLowerCase());
  if (wanted.length === 0) return 0;
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
  } catch {
    return 0; // No folder: nothing was ever written.
  }
  let deleted = 0;
  for (const file of files) {
    const path = join(dir, file);
    const text = readFileSync(path, 'latin1').toLowerCase();
    if (wanted.some((n) => text.includes(n))) {
      rmSync(path, { force: true });
      deleted++;
    }
  }
  return deleted;
}
