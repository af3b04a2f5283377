import type { AgentRow, SessionRow } from '../db/rows';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../db/connection';
import { agents, sessions } from '../db/schema';
import { hashToken, newToken } from './tokens';
import { newId } from '../db/ids';


/** Touching a session writes; once a minute is plenty to keep an active agent signed in. */
const TOUCH_EVERY_MS = 60_000;

/** Starts a session; the returned token goes into the cookie and is never stored in clear. */
export function createSession(db: Db, agentId: string, ttlMs: number, userAgent: string | undefined): string {
  const token = newToken('ps');
  const now = Date.now();
  db.insert(sessions)
    .values({
      id: newId('ses'),
      tokenHash: hashToken(token),
      agentId,
      expiresAt: new Date(now + ttlMs),
      lastUsedAt: new Date(now),
      userAgent: userAgent?.slice(0, 300) ?? null,
    })
    .run();
  return token;
}

/**
 * The live session for a cookie token and its agent, or undefined when the token is unknown,
 * expired, revoked or its agent deactivated. Expiry slides: each use pushes it `ttlMs` ahead,
 * so an agent at work stays signed in and an idle session dies.
 */
export function findSession(db: Db, token: string, ttlMs: number): { session: SessionRow; agent: AgentRow } | undefined {
  const now = Date.now();
  const row = db
    .select({ session: sessions, agent: agents })
    .from(sessions)
    .innerJoin(agents, eq(agents.id, sessions.agentId))
    .where(and(eq(sessions.tokenHash, hashToken(token)), isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date(now)), isNull(agents.deactivatedAt)))
    .get();
  if (!row) return undefined;
  if (now - (row.session.lastUsedAt?.getTime() ?? 0) > TOUCH_EVERY_MS) {
    db.update(sessions)
      .set({ lastUsedAt: new Date(now), expiresAt: new Date(now + ttlMs) })
      .where(eq(sessions.id, row.session.id))
      .run();
  }
  return row;
}

export function revokeSession(db: Db, id: string): void {
  db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, id)).run();
}

/** Signs an agent out everywhere: after deactivation or a role change. */
export function revokeAgentSessions(db: Db, agentId: string): void {
  db.update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.agentId, agentId), isNull(sessions.revokedAt)))
    .run();
}
