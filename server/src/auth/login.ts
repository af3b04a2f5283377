import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/connection';
import type { AgentRow } from '../db/rows';
import { agentDevices, agents, loginThrottle } from '../db/schema';
import { ApiError } from '../http/errors';
import { hashPassword, verifyPassword } from './password';
import { hashToken, newToken } from './tokens';

export interface LockoutPolicy {
  /** Failed logins in a row that lock a key. */
  maxFailures: number;
  lockMs: number;
}

// An unknown email still costs one scrypt, so response time does not reveal which emails exist.
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hashPassword('parley-dummy-password'));

const wrongCredentials = () => new ApiError(401, 'unauthorized', 'Wrong email or password');

/** The throttle key of an address: hashed, so the table never holds the addresses strangers tried. */
const emailKey = (email: string) => `email:${createHash('sha256').update(email.toLowerCase()).digest('hex')}`;
const deviceKey = (tokenHash: string) => `device:${tokenHash}`;

/**
 * Counts one attempt on `key`, atomically and before any password is hashed, so concurrent
 * guesses cannot all slip past the count: the attempt that goes over the limit locks the key,
 * and while it is locked attempts are refused without being counted (so a lock ends on time).
 */
function countAttempt(db: Db, key: string, policy: LockoutPolicy, now: number): void {
  db.insert(loginThrottle).values({ key, updatedAt: new Date(now) }).onConflictDoNothing().run();
  const row = db
    .update(loginThrottle)
    .set({
      failures: sql`case when ${loginThrottle.lockedUntil} > ${now} then ${loginThrottle.failures} else ${loginThrottle.failures} + 1 end`,
      lockedUntil: sql`case when ${loginThrottle.lockedUntil} > ${now} then ${loginThrottle.lockedUntil} else null end`,
      updatedAt: new Date(now),
    })
    .where(eq(loginThrottle.key, key))
    .returning()
    .get()!;
  let lockedUntil = row.lockedUntil?.getTime() ?? 0;
  if (lockedUntil <= now && row.failures > policy.maxFailures) {
    lockedUntil = now + policy.lockMs;
    db.update(loginThrottle).set({ failures: 0, lockedUntil: new Date(lockedUntil) }).where(eq(loginThrottle.key, key)).run();
  }
  if (lockedUntil > now) {
    const minutes = Math.ceil((lockedUntil - now) / 60_000);
    throw new ApiError(429, 'rate_limited', `Too many failed logins for this address: try again in ${minutes} minute(s), or reset the password`);
  }
}

/** Forgets the failures counted on an address (a successful login or password reset). */
export function clearFailures(db: Db, email: string): void {
  db.delete(loginThrottle).where(eq(loginThrottle.key, emailKey(email))).run();
}

/**
 * Checks an email and password. Failures are counted per address, whether an account has it
 * or not, so a known and an unknown address get the same answers; at `maxFailures` in a row
 * the address is locked for `lockMs`. A browser the agent signed in on before (its device
 * token, see `rememberDevice`) is counted on its own key instead: a stranger guessing at the
 * address can lock it for everyone else, never for the agent's own devices.
 */
export async function checkLogin(db: Db, email: string, password: string, policy: LockoutPolicy, deviceToken: string | undefined): Promise<AgentRow> {
  const agent = db.select().from(agents).where(eq(agents.email, email)).get();
  const device = deviceToken && agent ? knownDevice(db, agent.id, deviceToken) : undefined;
  const key = device ? deviceKey(device) : emailKey(email);
  countAttempt(db, key, policy, Date.now());
  if (!agent || agent.deactivatedAt) {
    await verifyPassword(password, await dummy());
    throw wrongCredentials();
  }
  if (!(await verifyPassword(password, agent.passwordHash))) throw wrongCredentials();
  db.delete(loginThrottle).where(eq(loginThrottle.key, key)).run();
  return agent;
}

function knownDevice(db: Db, agentId: string, token: string): string | undefined {
  const tokenHash = hashToken(token);
  return db
    .select({ tokenHash: agentDevices.tokenHash })
    .from(agentDevices)
    .where(and(eq(agentDevices.tokenHash, tokenHash), eq(agentDevices.agentId, agentId)))
    .get()?.tokenHash;
}

/**
 * After a successful login: the device token for this browser, new or the one it already had.
 * Only its hash is stored; a token from another agent's browser starts a new one.
 */
export function rememberDevice(db: Db, agentId: string, current: string | undefined): string {
  const now = new Date();
  if (current) {
    const tokenHash = hashToken(current);
    const kept = db
      .update(agentDevices)
      .set({ lastUsedAt: now })
      .where(and(eq(agentDevices.tokenHash, tokenHash), eq(agentDevices.agentId, agentId)))
      .returning()
      .get();
    if (kept) return current;
  }
  const token = newToken('pd');
  db.insert(agentDevices).values({ tokenHash: hashToken(token), agentId, lastUsedAt: now }).run();
  return token;
}
