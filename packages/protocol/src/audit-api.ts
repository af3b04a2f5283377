import { z } from 'zod';

/*
 * The audit log under /v1/inbox/audit (owners and admins): who did what in the account.
 * docs/spec.md §5 lists what is recorded; docs/api.md has an example.
 */

/** Every action the server records, `<what>.<verb>`. */
export const AuditAction = z.enum([
  'auth.login',
  'auth.login_failed',
  'auth.password_change',
  'auth.password_reset_request',
  'auth.password_reset',
  'api_token.create',
  'api_token.delete',
  'webhook.create',
  'webhook.update',
  'webhook.delete',
  'webhook.rotate_secret',
  'contact.export',
  'contact.erase',
  'privacy.retention',
  'agent.update',
  'agent.avatar',
  'invite.create',
  'invite.revoke',
  'invite.accept',
  'site.create',
  'site.update',
  'site.rotate_secret',
  'canned.create',
  'canned.update',
  'canned.delete',
  'kb.create',
  'kb.update',
  'kb.delete',
  'kb.import',
  'kb.publish',
  'kb.unpublish',
  'kb.category_create',
  'channel.create',
  'channel.update',
  'channel.delete',
  'kb.category_update',
  'kb.category_delete',
]);
export type AuditAction = z.infer<typeof AuditAction>;

// ---- GET /v1/inbox/audit?action=&before=&limit=
export const AuditQuery = z.object({
  action: AuditAction.optional(),
  /** The `nextBefore` of the page before: entries with a smaller id. */
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditEntry = z.object({
  id: z.number().int(),
  action: AuditAction,
  /** Who did it; null when no known agent acted (a failed sign-in, a reset link asked for, the command line). */
  agent: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** What it was done to: an agent, invitation, site, article or canned response id. */
  target: z.string().nullable(),
  /** What changed (field names, never a secret or password), and the IP address for sign-ins. */
  details: z.record(z.string(), z.unknown()),
  createdAt: z.iso.datetime(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** Newest first; `nextBefore` asks for the next (older) page, null after the last. */
export const AuditPage = z.object({ entries: z.array(AuditEntry), nextBefore: z.number().int().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;
