import type { InviteRow } from '../db/rows';
import { and, asc, eq, gt, inArray, isNull, type SQL } from 'drizzle-orm';
import type { AgentRole, Invite, OpenInvite } from '@parley/protocol';
import { audit } from '../audit/audit';
import { hashPassword } from '../auth/password';
import type { AgentRow } from '../db/rows';
import { hashToken, newToken } from '../auth/tokens';
import { newId } from '../db/ids';
import type { Db } from '../db/store';
import { accounts, agents, invites } from '../db/tables';
import { ApiError, notFound } from '../http/errors';

export const INVITE_TTL_MS = 7 * 24 * 3_600_000;

export function toInvite(row: InviteRow, url?: string): Invite {
  return { id: row.id, email: row.email, role: row.role, expiresAt: row.expiresAt.toISOString(), ...(url ? { url } : {}) };
}

/** The link goes in a fragment, so the token never reaches server logs or a Referer header. */
export const inviteUrl = (publicUrl: string, token: string) => `${publicUrl}/inbox/invite#${token}`;

/** Neither accepted, revoked nor expired. */
const isOpen = (): SQL => and(isNull(invites.usedAt), isNull(invites.revokedAt), gt(invites.expiresAt, new Date()))!;

/**
 * Creates an invitation, whether or not the address already has an account (in this account
 * or any other): answering differently would tell any admin which addresses use Parley. An
 * invitation to a taken address simply cannot be accepted.
 */
export async function createInvite(db: Db, by: AgentRow, email: string, role: AgentRole): Promise<{ row: InviteRow; token: string }> {
  if (role === 'owner' && by.role !== 'owner') throw new ApiError(403, 'forbidden', 'Only an owner can invite an owner');
  const token = newToken('inv');
  const row = (
    await db
      .insert(invites)
      .values({
        id: newId('inv'),
        tokenHash: hashToken(token),
        accountId: by.accountId,
        email,
        role,
        createdBy: by.id,
        expiresAt: new Date(Date.now() + INVITE_TTL_MS),
      })
      .returning()
  )[0]!;
  await audit(db, by, 'invite.create', row.id, { email, role });
  return { row, token };
}

/** The account's open invitations, oldest first, with who sent each. */
export async function listOpenInvites(db: Db, accountId: string): Promise<OpenInvite[]> {
  return (
    await db
      .select({ invite: invites, inviterName: agents.name })
      .from(invites)
      .leftJoin(agents, eq(agents.id, invites.createdBy))
      .where(and(eq(invites.accountId, accountId), isOpen()))
      .orderBy(asc(invites.createdAt))
  ).map(({ invite, inviterName }) => ({
    ...toInvite(invite),
    createdAt: invite.createdAt.toISOString(),
    invitedBy: invite.createdBy && inviterName !== null ? { id: invite.createdBy, name: inviterName } : null,
  }));
}

/** Withdraws one open invitation of `by`'s account; anything else (another account's, used, gone) is 404. */
export async function revokeInvite(db: Db, by: AgentRow, id: string): Promise<void> {
  const row = (
    await db
      .update(invites)
      .set({ revokedAt: new Date(), revokedBy: by.id })
      .where(and(eq(invites.id, id), eq(invites.accountId, by.accountId), isOpen()))
      .returning()
  )[0];
  if (!row) throw notFound('Invitation');
  await audit(db, by, 'invite.revoke', row.id, { email: row.email });
}

/**
 * An invitation carries the authority of whoever sent it: when they lose it (deactivated, or
 * no longer allowed to invite that role) their open invitations stop working.
 */
export async function revokeInvitesOf(db: Db, by: AgentRow, inviter: Pick<AgentRow, 'id' | 'role' | 'deactivatedAt'>): Promise<void> {
  const lost: AgentRole[] = inviter.deactivatedAt || inviter.role === 'agent' ? ['owner', 'admin', 'agent'] : inviter.role === 'admin' ? ['owner'] : [];
  if (lost.length === 0) return;
  const revoked = await db
    .update(invites)
    .set({ revokedAt: new Date(), revokedBy: by.id })
    .where(and(eq(invites.createdBy, inviter.id), inArray(invites.role, lost), isOpen()))
    .returning();
  for (const row of revoked) await audit(db, by, 'invite.revoke', row.id, { email: row.email, reason: 'inviter_lost_rights' });
}

/** A usable invite: unknown, used, revoked and expired ones all look the same (404). */
export async function findOpenInvite(db: Db, token: string): Promise<(InviteRow & { accountName: string }) | undefined> {
  const r = (
    await db
      .select({ invite: invites, accountName: accounts.name })
      .from(invites)
      .innerJoin(accounts, eq(accounts.id, invites.accountId))
      .where(and(eq(invites.tokenHash, hashToken(token)), isOpen()))
      .limit(1)
  )[0];
  return r ? { ...r.invite, accountName: r.accountName } : undefined;
}

/**
 * Turns an invite into an agent, exactly once: the invite is marked used in the same
 * transaction. One for an address that has an account anywhere fails with words that do not
 * say so, for the same reason `createInvite` does not.
 */
export async function acceptInvite(db: Db, token: string, name: string, password: string): Promise<AgentRow> {
  const passwordHash = await hashPassword(password);
  const { agent, invite } = await db.transaction(async (tx) => {
    const invite = (
      await tx
        .select()
        .from(invites)
        .where(and(eq(invites.tokenHash, hashToken(token)), isOpen()))
        .limit(1)
    )[0];
    if (!invite) throw notFound('Invitation');
    if ((await tx.select({ id: agents.id }).from(agents).where(eq(agents.email, invite.email)).limit(1))[0]) {
      throw new ApiError(409, 'conflict', 'This invitation cannot be accepted. Ask whoever sent it for help.');
    }
    await tx.update(invites).set({ usedAt: new Date() }).where(eq(invites.id, invite.id));
    const agent = (
      await tx
        .insert(agents)
        .values({ id: newId('ag'), accountId: invite.accountId, email: invite.email, name, passwordHash, role: invite.role })
        .returning()
    )[0]!;
    return { agent, invite };
  });
  await audit(db, agent, 'invite.accept', invite.id, { email: invite.email, role: invite.role });
  return agent;
}
