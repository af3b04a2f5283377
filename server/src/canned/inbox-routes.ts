import { and, asc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { CannedResponseBody, IdParams, type CannedResponse, type CannedResponseList } from '@parley/protocol';
import type { Deps } from '../core/deps';
import { audit, changedFields } from '../audit/audit';
import { ADMIN_ROLES, requireAgent, type InboxEnv } from '../auth/agent-auth';
import { newId } from '../db/ids';
import { cannedResponses } from '../db/tables';
import { ApiError, notFound } from '../http/errors';
import { validate } from '../http/validate';

type Row = typeof cannedResponses.$inferSelect;
const toCanned = (r: Row): CannedResponse => ({ id: r.id, shortcut: r.shortcut, title: r.title, body: r.body });
const taken = (shortcut: string) => new ApiError(409, 'conflict', `The shortcut /${shortcut} is already used`);

/** /v1/inbox/canned: every agent reads them (the composer's `/shortcut`), admins edit. */
export function cannedInboxRoutes({ db }: Deps) {
  const admin = requireAgent({ roles: ADMIN_ROLES });
  const mine = (accountId: string, id: string) => and(eq(cannedResponses.id, id), eq(cannedResponses.accountId, accountId));
  const shortcutFree = async (accountId: string, shortcut: string, except?: string) => {
    const clash = (
      await db
        .select({ id: cannedResponses.id })
        .from(cannedResponses)
        .where(and(eq(cannedResponses.accountId, accountId), eq(cannedResponses.shortcut, shortcut)))
        .limit(1)
    )[0];
    if (clash && clash.id !== except) throw taken(shortcut);
  };

  return new Hono<InboxEnv>()
    .use(requireAgent())
    .get('/', async (c) => {
      const rows = await db
        .select()
        .from(cannedResponses)
        .where(eq(cannedResponses.accountId, c.get('agent').accountId))
        .orderBy(asc(cannedResponses.shortcut));
      const body: CannedResponseList = { cannedResponses: rows.map(toCanned) };
      return c.json(body);
    })
    .post('/', admin, validate('json', CannedResponseBody), async (c) => {
      const { accountId } = c.get('agent');
      const input = c.req.valid('json');
      await shortcutFree(accountId, input.shortcut);
      const row = (
        await db
          .insert(cannedResponses)
          .values({ id: newId('cr'), accountId, ...input })
          .returning()
      )[0]!;
      await audit(db, c.get('agent'), 'canned.create', row.id, { shortcut: row.shortcut });
      return c.json(toCanned(row), 201);
    })
    .put('/:id', admin, validate('param', IdParams), validate('json', CannedResponseBody), async (c) => {
      const { accountId } = c.get('agent');
      const { id } = c.req.valid('param');
      const input = c.req.valid('json');
      const before = (await db.select().from(cannedResponses).where(mine(accountId, id)).limit(1))[0];
      if (!before) throw notFound('Canned response');
      await shortcutFree(accountId, input.shortcut, id);
      const row = (
        await db
          .update(cannedResponses)
          .set({ ...input, updatedAt: new Date() })
          .where(mine(accountId, id))
          .returning()
      )[0]!;
      await audit(db, c.get('agent'), 'canned.update', id, { shortcut: row.shortcut, fields: changedFields(toCanned(before), toCanned(row)) });
      return c.json(toCanned(row));
    })
    .delete('/:id', admin, validate('param', IdParams), async (c) => {
      const deleted = (
        await db
          .delete(cannedResponses)
          .where(mine(c.get('agent').accountId, c.req.valid('param').id))
          .returning()
      )[0];
      if (!deleted) throw notFound('Canned response');
      await audit(db, c.get('agent'), 'canned.delete', deleted.id, { shortcut: deleted.shortcut });
      return c.body(null, 204);
    });
}
