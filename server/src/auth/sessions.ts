import type { AgentRow, SessionRow } from '../db/rows';
import { and, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { SessionEndedEvent } from '@parley/protocol';
import type { Deps } from '../core/deps';
import type { Db } from '../db/store';
import { preparedFor } from '../db/prepared';
import { agents, sessions } from '../db/tables';
import { agentTopic } from '../realtime/event-bus';
import { hashToken, newToken } from './tokens';
import { newId } from '../db/ids';

/** Touching a session writes; once a minute is plenty to keep an active agent signed in. */
const TOUCH_EVERY_MS = 60_000;

/**
 * How long a session lives: `idleMs` after its last request (sliding), and never more than
 * `maxMs` after sign-in, however active.
 */
export interface SessionLimits {
  idleMs: number;
  maxMs: number;
}

/** What revoking needs: the database, and the bus that tells the agent's open streams (on every process). */
type Revoker = Pick<Deps, 'db' | 'bus'>;

/** Starts a session; the returned token goes into the cookie and is never stored in clear. */
export async function createSession(db: Db, agentId: string, limits: SessionLimits, userAgent: string | undefined): Promise<string> {
  const token = newToken('ps');
  const now = Date.now();
  await db.insert(sessions).values({
    id: newId('ses'),
    tokenHash: hashToken(token),
    agentId,
    createdAt: new Date(now),
    expiresAt: new Date(now + Math.min(limits.idleMs, limits.maxMs)),
    lastUsedAt: new Date(now),
    userAgent: userAgent?.slice(0, 300) ?? null,
  });
  return token;
}

const live = (now: number, maxMs: number) =>
  and(isNull(sessions.revokedAt), gt(sessions.expiresAt, new Date(now)), gt(sessions.createdAt, new Date(now - maxMs)));

/**
 * The live session for a cookie token and its agent, or undefined when the token is unknown,
 * expired (idle, or older than `maxMs`), revoked or its agent deactivated. Expiry slides: each
 * use pushes it `idleMs` ahead, so an agent at work stays signed in and an idle session dies.
 */
export async function findSession(db: Db, token: string, limits: SessionLimits): Promise<{ session: SessionRow; agent: AgentRow } | undefined> {
  const now = Date.now();
  const row = (
    await db
      .select({ session: sessions, agent: agents })
      .from(sessions)
      .innerJoin(agents, eq(agents.id, sessions.agentId))
      .where(and(eq(sessions.tokenHash, hashToken(token)), live(now, limits.maxMs), isNull(agents.deactivatedAt)))
      .limit(1)
  )[0];
  if (!row) return undefined;
  if (now - (row.session.lastUsedAt?.getTime() ?? 0) > TOUCH_EVERY_MS) {
    await db
      .update(sessions)
      .set({ lastUsedAt: new Date(now), expiresAt: new Date(now + limits.idleMs) })
      .where(eq(sessions.id, row.session.id));
  }
  return row;
}

// Asked on every heartbeat of every agent's stream: one primary-key lookup, prepared once.
const liveSessionById = preparedFor('liveSessionById', (db) =>
  db
    .select({ id: sessions.id })
    .from(sessions)
    .where(
      and(
        eq(sessions.id, sql.placeholder('id')),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql.placeholder('now')),
        gt(sessions.createdAt, sql.placeholder('bornAfter')),
      ),
    ),
);

/**
 * Whether a session is still live, without sliding it: an open stream is not a request. Also
 * catches what no event announced (expiry, a revocation by the command line's process).
 */
export async function sessionIsLive(db: Db, id: string, maxMs: number): Promise<boolean> {
  const now = Date.now();
  // Dates, not epoch ms: a placeholder skips the column's encoder, and each store binds a Date as its column stores it.
  return (await liveSessionById(db).execute({ id, now: new Date(now), bornAfter: new Date(now - maxMs) }))[0] !== undefined;
}

const ended = (sessionId: string | null): SessionEndedEvent => ({ type: 'session.ended', sessionId });

/** Ends one session (a logout); its open streams close. */
export async function revokeSession({ db, bus }: Revoker, id: string): Promise<void> {
  const row = (await db.update(sessions).set({ revokedAt: new Date() }).where(eq(sessions.id, id)).returning({ agentId: sessions.agentId }))[0];
  if (row) bus.publish([agentTopic(row.agentId)], ended(id));
}

/**
 * Signs an agent out everywhere (deactivation, a role change, a password reset), or
 * everywhere but `except` (a password change keeps the session that made it). Their open
 * streams close: all of them, or each revoked session's.
 */
export async function revokeAgentSessions({ db, bus }: Revoker, agentId: string, except?: string): Promise<void> {
  const revoked = await db
    .update(sessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(sessions.agentId, agentId), isNull(sessions.revokedAt), except ? ne(sessions.id, except) : undefined))
    .returning({ id: sessions.id });
  const events = except ? revoked.map((s) => ended(s.id)) : [ended(null)];
  for (const e of events) bus.publish([agentTopic(agentId)], e);
}
