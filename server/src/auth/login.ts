import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/connection';
import { agents } from '../db/schema';
import { ApiError } from '../http/errors';
import { hashPassword, verifyPassword } from './password';
import type { AgentRow } from '../db/rows';

export interface LockoutPolicy {
  /** Consecutive failures that lock the account. */
  maxFailures: number;
  lockMs: number;
}

// An unknown email still costs one scrypt, so response time does not reveal which emails exist.
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hashPassword('parley-dummy-password'));

const wrongCredentials = () => new ApiError(401, 'unauthorized', 'Wrong email or password');

/**
 * Checks an email and password. Failures are counted per account; at `maxFailures` in a row
 * the account is locked for `lockMs`, during which even the right password is refused.
 */
export async function checkLogin(db: Db, email: string, password: string, policy: LockoutPolicy): Promise<AgentRow> {
  const agent = db.select().from(agents).where(eq(agents.email, email)).get();
  if (!agent || agent.deactivatedAt) {
    await verifyPassword(password, await dummy());
    throw wrongCredentials();
  }
  const now = Date.now();
  if (agent.lockedUntil && agent.lockedUntil.getTime() > now) {
    const minutes = Math.ceil((agent.lockedUntil.getTime() - now) / 60_000);
    throw new ApiError(429, 'rate_limited', `Too many failed logins: this account is locked for ${minutes} more minute(s)`);
  }
  if (await verifyPassword(password, agent.passwordHash)) {
    if (agent.failedLogins > 0 || agent.lockedUntil) {
      db.update(agents).set({ failedLogins: 0, lockedUntil: null }).where(eq(agents.id, agent.id)).run();
    }
    return agent;
  }
  // Counted in SQL so concurrent wrong guesses cannot overwrite each other's increments.
  const { failedLogins } = db
    .update(agents)
    .set({ failedLogins: sql`${agents.failedLogins} + 1` })
    .where(eq(agents.id, agent.id))
    .returning({ failedLogins: agents.failedLogins })
    .get();
  if (failedLogins >= policy.maxFailures) {
    db.update(agents)
      .set({ failedLogins: 0, lockedUntil: new Date(now + policy.lockMs) })
      .where(eq(agents.id, agent.id))
      .run();
  }
  throw wrongCredentials();
}
