import { and, asc, eq, isNull } from 'drizzle-orm';
import type { ApiScope, ApiToken, CreatedApiToken } from '@parley/protocol';
import { newId } from '../db/ids';
import type { AgentRow, ApiTokenRow } from '../db/rows';
import type { Db } from '../db/store';
import { agents, apiTokens } from '../db/tables';
import { hashToken, newToken } from './tokens';

/** The prefix of every API token: a secret scanner can tell one from the other tokens. */
export const API_TOKEN_PREFIX = 'pat';
/** Recording each use writes; once a minute says "last used" well enough. */
const TOUCH_EVERY_MS = 60_000;

const toApiToken = (row: ApiTokenRow, creator: Pick<AgentRow, 'id' | 'name'>): ApiToken => ({
  id: row.id,
  name: row.name,
  scopes: row.scopes as ApiScope[],
  createdBy: { id: creator.id, name: creator.name },
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
});

/** A new token for `agent`'s account, acting as them within `scopes`; the token is in the answer only. */
export async function createApiToken(db: Db, agent: AgentRow, name: string, scopes: readonly ApiScope[]): Promise<CreatedApiToken> {
  const token = newToken(API_TOKEN_PREFIX);
  const row = (
    await db
      .insert(apiTokens)
      .values({ id: newId('tok'), accountId: agent.accountId, agentId: agent.id, name, scopes: [...scopes], tokenHash: hashToken(token) })
      .returning()
  )[0]!;
  return { ...toApiToken(row, agent), token };
}

export async function listApiTokens(db: Db, accountId: string): Promise<ApiToken[]> {
  const rows = await db
    .select({ token: apiTokens, creator: { id: agents.id, name: agents.name } })
    .from(apiTokens)
    .innerJoin(agents, eq(agents.id, apiTokens.agentId))
    .where(eq(apiTokens.accountId, accountId))
    .orderBy(asc(apiTokens.createdAt), asc(apiTokens.id));
  return rows.map((r) => toApiToken(r.token, r.creator));
}

/** Deletes the account's token `id`: it stops working with the next request. Returns what was deleted. */
export async function deleteApiToken(db: Db, accountId: string, id: string): Promise<ApiTokenRow | undefined> {
  return (
    await db
      .delete(apiTokens)
      .where(and(eq(apiTokens.id, id), eq(apiTokens.accountId, accountId)))
      .returning()
  )[0];
}

/** The token and the agent it acts as, or undefined when it is unknown, deleted, or its agent deactivated. */
export async function findApiToken(db: Db, token: string): Promise<{ token: ApiTokenRow; agent: AgentRow } | undefined> {
  if (!token.startsWith(`${API_TOKEN_PREFIX}_`)) return undefined;
  const row = (
    await db
      .select({ token: apiTokens, agent: agents })
      .from(apiTokens)
      .innerJoin(agents, eq(agents.id, apiTokens.agentId))
      .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(agents.deactivatedAt)))
      .limit(1)
  )[0];
  if (!row) return undefined;
  const now = Date.now();
  if (now - (row.token.lastUsedAt?.getTime() ?? 0) > TOUCH_EVERY_MS) {
    await db.update(apiTokens).set({ lastUsedAt: new Date(now) }).where(eq(apiTokens.id, row.token.id));
  }
  return row;
}
