import { createHash } from 'node:crypto';
import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import { audit } from '../audit/audit';
import type { Db } from '../db/store';
import type { AgentRow } from '../db/rows';
import { agentDevices, agents, loginThrottle } from '../db/tables';
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
 * `onLock` hears of the attempt that locks it, once a lock.
 */
async function countAttempt(db: Db, key: string, policy: LockoutPolicy, now: number, onLock: () => Promise<void>): Promise<void> {
  await db
    .insert(loginThrottle)
    .values({ key, updatedAt: new Date(now) })
    .onConflictDoNothing();
  const row = (
    await db
      .update(loginThrottle)
      .set({
        failures: sql`case when ${gt(loginThrottle.lockedUntil, new Date(now))} then ${loginThrottle.failures} else ${loginThrottle.failures} + 1 end`,
        lockedUntil: sql`case when ${gt(loginThrottle.lockedUntil, new Date(now))} then ${loginThrottle.lockedUntil} else null end`,
        updatedAt: new Date(now),
      })
      .where(eq(loginThrottle.key, key))
      .returning()
  )[0]!;
  let lockedUntil = row.lockedUntil?.getTime() ?? 0;
  if (lockedUntil <= now && row.failures > policy.maxFailures) {
    lockedUntil = now + policy.lockMs;
    await db
      .update(loginThrottle)
      .set({ failures: 0, lockedUntil: new Date(lockedUntil) })
      .where(eq(loginThrottle.key, key));
    await onLock();
  }
  if (lockedUntil > now) {
    const minutes = Math.ceil((lockedUntil - now) / 60_000);
    throw new ApiError(429, 'rate_limited', `Too many failed logins for this address: try again in ${minutes} minute(s), or reset the password`);
  }
}

/**
 * Forgets the failures counted on an agent's address and on each of their browsers: after a
 * password reset or change, whoever locked them out has nothing left to guess at.
 */
export async function clearFailures(db: Db, agent: Pick<AgentRow, 'id' | 'email'>): Promise<void> {
  const devices = await db.select({ tokenHash: agentDevices.tokenHash }).from(agentDevices).where(eq(agentDevices.agentId, agent.id));
  await db.delete(loginThrottle).where(inArray(loginThrottle.key, [emailKey(agent.email), ...devices.map((d) => deviceKey(d.tokenHash))]));
}

export interface LoginAttempt {
  email: string;
  password: string;
  /** The browser's `parley_device` cookie, if it has one. */
  deviceToken: string | undefined;
  /** Recorded in the audit log with the attempt. */
  ip: string;
}

/**
 * A failed attempt on a known address goes to its account's audit log. One on an address no
 * account has belongs to no account: the process log gets its domain only, never the address.
 */
async function recordFailure(db: Db, agent: AgentRow | undefined, attempt: LoginAttempt, reason: 'password' | 'deactivated' | 'locked'): Promise<void> {
  if (agent) await audit(db, { accountId: agent.accountId, id: null }, 'auth.login_failed', agent.id, { reason, ip: attempt.ip });
  else console.warn(`[parley] failed login (${reason}) for an unknown address at ${attempt.email.split('@')[1]} from ${attempt.ip}`);
}

/**
 * Checks an email and password. Failures are counted per address, whether an account has it
 * or not, so a known and an unknown address get the same answers; at `maxFailures` in a row
 * the address is locked for `lockMs`. A browser the agent signed in on before (its device
 * token, see `rememberDevice`) is counted on its own key instead: a stranger guessing at the
 * address can lock it for everyone else, never for the agent's own devices.
 */
export async function checkLogin(db: Db, attempt: LoginAttempt, policy: LockoutPolicy): Promise<AgentRow> {
  const { email, password, deviceToken } = attempt;
  const agent = (await db.select().from(agents).where(eq(agents.email, email)).limit(1))[0];
  const device = deviceToken && agent ? await knownDevice(db, agent.id, deviceToken) : undefined;
  const key = device ? deviceKey(device) : emailKey(email);
  await countAttempt(db, key, policy, Date.now(), () => recordFailure(db, agent, attempt, 'locked'));
  if (!agent || agent.deactivatedAt) {
    await verifyPassword(password, await dummy());
    await recordFailure(db, agent, attempt, agent ? 'deactivated' : 'password');
    throw wrongCredentials();
  }
  if (!(await verifyPassword(password, agent.passwordHash))) {
    await recordFailure(db, agent, attempt, 'password');
    throw wrongCredentials();
  }
  await db.delete(loginThrottle).where(eq(loginThrottle.key, key));
  await audit(db, agent, 'auth.login', agent.id, { ip: attempt.ip });
  return agent;
}

async function knownDevice(db: Db, agentId: string, token: string): Promise<string | undefined> {
  const tokenHash = hashToken(token);
  return (
    await db
      .select({ tokenHash: agentDevices.tokenHash })
      .from(agentDevices)
      .where(and(eq(agentDevices.tokenHash, tokenHash), eq(agentDevices.agentId, agentId)))
      .limit(1)
  )[0]?.tokenHash;
}

/**
 * After a successful login: the device token for this browser, new or the one it already had.
 * Only its hash is stored; a token from another agent's browser starts a new one.
 */
export async function rememberDevice(db: Db, agentId: string, current: string | undefined): Promise<string> {
  const now = new Date();
  if (current) {
    const tokenHash = hashToken(current);
    const kept = (
      await db
        .update(agentDevices)
        .set({ lastUsedAt: now })
        .where(and(eq(agentDevices.tokenHash, tokenHash), eq(agentDevices.agentId, agentId)))
        .returning()
    )[0];
    if (kept) return current;
  }
  const token = newToken('pd');
  await db.insert(agentDevices).values({ tokenHash: hashToken(token), agentId, lastUsedAt: now });
  return token;
}
