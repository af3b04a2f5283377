import type { AgentRow } from '../db/rows';
import type { Db } from '../db/connection';
import { auditLog } from '../db/schema';

/** Records who changed what in an account (settings, roles, secrets); never the secret itself. */
export function audit(db: Db, by: AgentRow, action: string, target: string | null, details: Record<string, unknown> = {}): void {
  db.insert(auditLog).values({ accountId: by.accountId, agentId: by.id, action, target, details }).run();
}
