import type { InviteRow } from '../db/rows';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { AgentRole, Invite } from '@parley/protocol';
import { hashPassword } from '../auth/password';
import type { AgentRow } from '../db/rows';
import { hashToken, newToken } from '../auth/tokens';
import { newId } from '../db/ids';
import type { Db } from '../db/connection';
import { accounts, agents, invites } from '../db/schema';
import { ApiError, notFound } from '../http/errors';

export const INVITE_TTL_MS = 7 * 24 * 3_600_000;


export function toInvite(row: InviteRow, url?: string): Invite {
  return { id: row.id, email: row.email, role: row.role, expiresAt: row.expiresAt.toISOString(), ...(url ? { url } : {}) };
}

/** The link goes in a fragment, so the token never reaches server logs or a Referer header. */
export const inviteUrl = (publicUrl: string, token: string) => `${publicUrl}/inbox/invite#${token}`;

export function createInvite(db: Db, by: AgentRow, email: string, role: AgentRole): { row: InviteRow; token: string } {
  if (role === 'owner' && by.role !== 'owner') throw new ApiError(403, 'forbidden', 'Only an owner can invite an owner');
  if (db.select({ id: agents.id }).from(agents).where(eq(agents.email, email)).get()) {
    throw new ApiError(409, 'conflict', `${email} already has an account`);
  }
  const token = newToken('inv');
  const row = db
    .insert(invites)
    .values({ id: newId('inv'), tokenHash: hashToken(token), accountId: by.accountId, email, role, createdBy: by.id, expiresAt: new Date(Date.now() + INVITE_TTL_MS) })
    .returning()
    .get();
  return { row, token };
}

/** A usable invite: unknown, used and expired ones all look the same (404). */
export function findOpenInvite(db: Db, token: string): (InviteRow & { accountName: string }) | undefined {
  const r = db
    .select({ invite: invites, accountName: accounts.name })
    .from(invites)
    .innerJoin(accounts, eq(accounts.id, invites.accountId))
    .where(and(eq(invites.tokenHash, hashToken(token)), isNull(invites.usedAt), gt(invites.expiresAt, new Date())))
    .get();
  return r ? { ...r.invite, accountName: r.accountName } : undefined;
}

/** Turns an invite into an agent, exactly once: the invite is marked used in the same transaction. */
export async function acceptInvite(db: Db, token: string, name: string, password: string): Promise<AgentRow> {
  const passwordHash = await hashPassword(password);
  return db.transaction((tx) => {
    const invite = tx
      .select()
      .from(invites)
      .where(and(eq(invites.tokenHash, hashToken(token)), isNull(invites.usedAt), gt(invites.expiresAt, new Date())))
      .get();
    if (!invite) throw notFound('Invitation');
    if (tx.select({ id: agents.id }).from(agents).where(eq(agents.email, invite.email)).get()) {
      throw new ApiError(409, 'conflict', `${invite.email} already has an account`);
    }
    tx.update(invites).set({ usedAt: new Date() }).where(eq(invites.id, invite.id)).run();
    return tx
      .insert(agents)
      .values({ id: newId('ag'), accountId: invite.accountId, email: invite.email, name, passwordHash, role: invite.role })
      .returning()
      .get();
  }, { behavior: 'immediate' });
}
