import { generatePassword, hashPassword } from '../auth/password';
import type { Config } from '../config/config';
import type { Db } from '../db/connection';
import { newId } from '../db/ids';
import { accounts, agents } from '../db/schema';

export const OWNER_EMAIL = 'owner@example.com';

export interface FirstOwner {
  /** The generated owner password: shown once, on the run that created the owner. */
  generatedPassword: string | null;
  created: boolean;
}

/**
 * First start only: an account and its owner, so the inbox has someone to log in. The
 * password is PARLEY_ADMIN_PASSWORD, or generated and shown once.
 */
export async function seedFirstOwner(db: Db, config: Config): Promise<FirstOwner> {
  if (db.select({ id: accounts.id }).from(accounts).limit(1).get()) return { generatedPassword: null, created: false };
  const generatedPassword = config.PARLEY_ADMIN_PASSWORD ? null : generatePassword();
  const passwordHash = await hashPassword(config.PARLEY_ADMIN_PASSWORD ?? generatedPassword!);
  db.transaction((tx) => {
    const accountId = newId('acc');
    tx.insert(accounts).values({ id: accountId, name: 'Demo company' }).run();
    tx.insert(agents)
      .values({ id: newId('ag'), accountId, email: OWNER_EMAIL, name: 'Demo Owner', passwordHash, role: 'owner', languages: ['en'] })
      .run();
  });
  return { generatedPassword, created: true };
}
