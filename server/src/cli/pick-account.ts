import { accounts } from '../db/tables';
import type { Db } from '../db/store';

/**
 * The account a headless command acts on: `--account` when given, else the only one. With
 * several accounts and no flag it refuses rather than guess.
 */
export async function pickAccount(db: Db, wanted: string | undefined): Promise<string> {
  const all = await db.select({ id: accounts.id, name: accounts.name }).from(accounts);
  if (wanted) {
    if (!all.some((a) => a.id === wanted)) throw new TypeError(`No account ${wanted}. Accounts: ${all.map((a) => a.id).join(', ')}`);
    return wanted;
  }
  if (all.length === 1) return all[0]!.id;
  throw new TypeError(`Several accounts exist; choose one with --account (${all.map((a) => `${a.id} ${a.name}`).join(', ')})`);
}
