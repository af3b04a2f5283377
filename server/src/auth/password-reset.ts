import { and, count, eq, gt, isNull } from 'drizzle-orm';
import type { Deps } from '../core/deps';
import type { Db } from '../db/store';
import type { AgentRow } from '../db/rows';
import { agents, passwordResets } from '../db/tables';
import { ApiError } from '../http/errors';
import { clearFailures } from './login';
import { hashPassword } from './password';
import { revokeAgentSessions } from './sessions';
import { hashToken, newToken } from './tokens';

/** Reset mails one address may be sent in an hour: enough for a lost mail, too few to bomb a mailbox. */
const RESETS_PER_HOUR = 3;

/** The token goes in the fragment, as an invitation's does: never in a server log or a Referer. */
export const resetUrl = (publicUrl: string, token: string) => `${publicUrl}/inbox/reset#${token}`;

/**
 * Gives an agent a new password (a change, a reset or the command line), and undoes what the
 * old one let in: every other session ends (all of them but `keepSession`), reset links still
 * open are used up, and the lockout counts on their address and browsers are forgotten.
 */
export async function setPassword(
  deps: Pick<Deps, 'db' | 'bus'>,
  agent: Pick<AgentRow, 'id' | 'email'>,
  password: string,
  keepSession?: string,
): Promise<void> {
  const { db } = deps;
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await tx.update(agents).set({ passwordHash }).where(eq(agents.id, agent.id));
    await tx
      .update(passwordResets)
      .set({ usedAt: new Date() })
      .where(and(eq(passwordResets.agentId, agent.id), isNull(passwordResets.usedAt)));
  });
  await revokeAgentSessions(deps, agent.id, keepSession);
  await clearFailures(db, agent);
}

/**
 * A reset link for the active agent with this address, or undefined: no such agent, or the
 * address had its share of mails this hour. The caller answers the same either way.
 */
export async function startReset(db: Db, email: string, ttlMs: number): Promise<{ agent: AgentRow; token: string } | undefined> {
  const agent = (
    await db
      .select()
      .from(agents)
      .where(and(eq(agents.email, email), isNull(agents.deactivatedAt)))
      .limit(1)
  )[0];
  if (!agent) return undefined;
  const now = Date.now();
  const [recent] = await db
    .select({ n: count() })
    .from(passwordResets)
    .where(and(eq(passwordResets.agentId, agent.id), gt(passwordResets.createdAt, new Date(now - 3_600_000))));
  if ((recent?.n ?? 0) >= RESETS_PER_HOUR) return undefined;
  const token = newToken('pr');
  await db.insert(passwordResets).values({ tokenHash: hashToken(token), agentId: agent.id, createdAt: new Date(now), expiresAt: new Date(now + ttlMs) });
  return { agent, token };
}

/** Unknown, used and expired links, and links of an agent deactivated since, all look the same. */
const deadLink = () => new ApiError(404, 'not_found', 'This reset link is not valid any more: ask for a new one');

/**
 * Sets the password a reset link was mailed for, exactly once: the link is claimed in the
 * same statement that checks it, so two tabs submitting it cannot both succeed.
 */
export async function finishReset(deps: Pick<Deps, 'db' | 'bus'>, token: string, password: string): Promise<AgentRow> {
  const { db } = deps;
  const claimed = (
    await db
      .update(passwordResets)
      .set({ usedAt: new Date() })
      .where(and(eq(passwordResets.tokenHash, hashToken(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, new Date())))
      .returning({ agentId: passwordResets.agentId })
  )[0];
  const agent =
    claimed &&
    (
      await db
        .select()
        .from(agents)
        .where(and(eq(agents.id, claimed.agentId), isNull(agents.deactivatedAt)))
        .limit(1)
    )[0];
  if (!agent) throw deadLink();
  await setPassword(deps, agent, password);
  return agent;
}
