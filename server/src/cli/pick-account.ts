import { accounts } from '../db/schema';
import type { Db } from '../db/connection';

/**
 * The account a headless command acts on: `--account` when given, else the only one. With
 * several accounts and no flag it refuses rather than guess.
 */
export function pickAccount(db: Db, wanted: string | undefined): string {
  const all = db.select({ id: accounts.id, name: accounts.name }).from(accounts).all();
  if (wanted) {
    if (!all.some((a) => a.id === wanted)) throw new TypeError(`No account ${wanted}. Accounts: ${all.map((a) => a.id).join(', ')}`);
    return wanted;
  }
  if (all.length === 1) return all[0]!.id;
  throw new TypeError(`Several accounts exist; choose one with --account (${all.map((a) => `${a.id} ${a.name}`).join(', ')})`);
}
