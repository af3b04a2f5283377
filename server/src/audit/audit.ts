import { and, desc, eq, lt } from 'drizzle-orm';
import type { AuditAction, AuditPage, AuditQuery } from '@parley/protocol';
import type { Db } from '../db/store';
import { agents, auditLog } from '../db/tables';

/** Whose account an entry belongs to, and who acted: null when no known agent did (a failed sign-in, the command line). */
export interface Actor {
  accountId: string;
  id: string | null;
}

/** Records who did what in an account (settings, roles, sign-ins, secrets); never a secret or password itself. */
export async function audit(db: Db, by: Actor, action: AuditAction, target: string | null, details: Record<string, unknown> = {}): Promise<void> {
  await db.insert(auditLog).values({ accountId: by.accountId, agentId: by.id, action, target, details });
}

/**
 * The names of the fields that differ between two versions of a JSON-shaped value, as dotted
 * paths (`settings.theme.color`): an audit entry then says what changed in a settings object
 * sent back whole. Arrays count as one field.
 */
export function changedFields(before: unknown, after: unknown, path = ''): string[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(before) || !isObject(after)) return JSON.stringify(before) === JSON.stringify(after) ? [] : [path];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.flatMap((k) => changedFields(before[k], after[k], path ? `${path}.${k}` : k));
}

/** One page of an account's log, newest first, with who did each thing. */
export async function listAudit(db: Db, accountId: string, query: AuditQuery): Promise<AuditPage> {
  const rows = await db
    .select({ entry: auditLog, agentName: agents.name })
    .from(auditLog)
    .leftJoin(agents, eq(agents.id, auditLog.agentId))
    .where(
      and(
        eq(auditLog.accountId, accountId),
        query.action ? eq(auditLog.action, query.action) : undefined,
        query.before ? lt(auditLog.id, query.before) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return {
    entries: page.map(({ entry, agentName }) => ({
      id: entry.id,
      action: entry.action as AuditAction,
      agent: entry.agentId && agentName !== null ? { id: entry.agentId, name: agentName } : null,
      target: entry.target,
      details: entry.details,
      createdAt: entry.createdAt.toISOString(),
    })),
    nextBefore: rows.length > query.limit ? page[page.length - 1]!.entry.id : null,
  };
}
