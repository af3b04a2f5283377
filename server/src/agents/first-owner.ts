import { generatePassword, hashPassword } from '../auth/password';
import type { Config } from '../config/config';
import type { Db } from '../db/store';
import { newId } from '../db/ids';
import { accounts, agents } from '../db/tables';

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
  if ((await db.select({ id: accounts.id }).from(accounts).limit(1))[0]) return { generatedPassword: null, created: false };
  const generatedPassword = config.PARLEY_ADMIN_PASSWORD ? null : generatePassword();
  const passwordHash = await hashPassword(config.PARLEY_ADMIN_PASSWORD ?? generatedPassword!);
  await db.transaction(async (tx) => {
    const accountId = newId('acc');
    await tx.insert(accounts).values({ id: accountId, name: 'Demo company' });
    await tx.insert(agents).values({ id: newId('ag'), accountId, email: OWNER_EMAIL, name: 'Demo Owner', passwordHash, role: 'owner', languages: ['en'] });
  });
  return { generatedPassword, created: true };
}
