import { and, eq, type SQL } from 'drizzle-orm';
import { ContactUpdatedEvent, type ContactField } from '@parley/protocol';
import type { Deps } from '../core/deps';
import type { VisitorRow } from '../db/rows';
import type { Db } from '../db/store';
import { visitors } from '../db/tables';
import { appendEvent, commitAndPublish, type LoggedEvent } from '../realtime/event-log';

const CONTACT_FIELDS = ContactUpdatedEvent.shape.fields.element.options;

/** The contact fields `set` gives a value other than `before`'s. */
export function changedContactFields(before: Partial<VisitorRow>, set: Partial<VisitorRow>): ContactField[] {
  return CONTACT_FIELDS.filter((f) => set[f] !== undefined && JSON.stringify(set[f]) !== JSON.stringify(before[f]));
}

/** The `contact.updated` event of a change to `fields` (for the agents' stream and webhooks), inside commitAndPublish. */
export function logContactUpdated(tx: Db, visitor: Pick<VisitorRow, 'id' | 'siteId'>, fields: readonly ContactField[]): LoggedEvent[] {
  if (fields.length === 0) return [];
  return [
    appendEvent(
      tx,
      { siteId: visitor.siteId, visitorId: visitor.id, audience: 'agents' },
      { type: 'contact.updated', visitorId: visitor.id, fields: [...fields] },
    ),
  ];
}

/**
 * Updates the visitor `before` with `set`, where `where` (if given) still holds. When that
 * changes what is known of them, the change commits with its `contact.updated` event; a page
 * view changes no contact field and stays one plain statement. Undefined when no row matched.
 */
export async function updateVisitor(
  deps: Pick<Deps, 'db' | 'bus'>,
  before: VisitorRow,
  set: Partial<VisitorRow>,
  where?: SQL,
): Promise<VisitorRow | undefined> {
  const fields = changedContactFields(before, set);
  const update = async (db: Db) =>
    (
      await db
        .update(visitors)
        .set(set)
        .where(and(eq(visitors.id, before.id), where))
        .returning()
    )[0];
  if (fields.length === 0) return update(deps.db);
  const done = await commitAndPublish(deps, async (tx) => {
    const row = await update(tx);
    return row && { row, logged: logContactUpdated(tx, row, fields) };
  });
  return done?.row;
}
