import { eq } from 'drizzle-orm';
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
  const none = { generatedPassword: null, created: false };
  if ((await db.select({ id: accounts.id }).from(accounts).limit(1))[0]) return none;
  const generatedPassword = config.PARLEY_ADMIN_PASSWORD ? null : generatePassword();
  const passwordHash = await hashPassword(config.PARLEY_ADMIN_PASSWORD ?? generatedPassword!);
  // Processes starting together on an empty PostgreSQL database: the check runs again in the
  // transaction, and having read the owner's address makes a concurrent seed's insert a
  // serialization failure (retried, and then it finds the owner) rather than a duplicate key.
  const created = await db.transaction(async (tx) => {
    if ((await tx.select({ id: accounts.id }).from(accounts).limit(1))[0]) return false;
    if ((await tx.select({ id: agents.id }).from(agents).where(eq(agents.email, OWNER_EMAIL)))[0]) return false;
    const accountId = newId('acc');
    await tx.insert(accounts).values({ id: accountId, name: 'Demo company' });
    await tx.insert(agents).values({ id: newId('ag'), accountId, email: OWNER_EMAIL, name: 'Demo Owner', passwordHash, role: 'owner', languages: ['en'] });
    return true;
  });
  return created ? { generatedPassword, created } : none;
}
