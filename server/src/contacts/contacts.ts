import { and, desc, eq, exists, inArray, isNotNull, lt, or, sql, type SQLWrapper } from 'drizzle-orm';
import type { Contact, ContactList, ContactQuery, UpdateContactBody } from '@parley/protocol';
import { toInboxVisitor } from '../conversations/inbox-queries';
import type { VisitorRow } from '../db/rows';
import type { Db } from '../db/store';
import { conversations, sites, visitors } from '../db/tables';
import { notFound } from '../http/errors';
import { accountSite, accountSites } from '../sites/access';
import { mergeAttributes } from '../visitors/attributes';
import { updateVisitor } from '../visitors/contact-update';
import type { Deps } from '../core/deps';

/** `%`, `_` and the escape itself taken literally: visitor text never becomes a pattern. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
const contains = (column: SQLWrapper, needle: string) =>
  sql`lower(${column}) like ${`%${likeLiteral(needle.toLowerCase())}%`} escape '\\'`;

const conversationsOf = (db: Db) => db.$count(conversations, eq(conversations.visitorId, visitors.id));

/** Someone, not a page view: they wrote, or said who they are. */
const isSomeone = (db: Db) =>
  or(
    isNotNull(visitors.name),
    isNotNull(visitors.email),
    isNotNull(visitors.phone),
    isNotNull(visitors.userId),
    exists(db.select({ one: sql`1` }).from(conversations).where(eq(conversations.visitorId, visitors.id))),
  );

const toContact = (v: VisitorRow, conversationCount: number): Contact => ({ ...toInboxVisitor(v), siteId: v.siteId, conversationCount });
const cursorOf = (v: VisitorRow) => `${v.createdAt.getTime()}.${v.id}`;

/**
 * A page of the account's contacts (of one site, or all), newest first, matching `q` in a
 * name, email, phone or user id. Pages by (created, id), so a page costs the same however
 * deep it is.
 */
export async function listContacts(db: Db, accountId: string, query: ContactQuery): Promise<ContactList> {
  const siteIds = query.siteId ? [(await accountSite(db, accountId, query.siteId)).id] : (await accountSites(db, accountId)).map((s) => s.id);
  if (siteIds.length === 0) return { contacts: [], nextBefore: null };
  const [beforeMs, beforeId] = query.before?.split('.') ?? [];
  const before = beforeMs !== undefined ? new Date(Number(beforeMs)) : undefined;
  const rows = await db
    .select({ visitor: visitors, conversationCount: conversationsOf(db) })
    .from(visitors)
    .where(
      and(
        inArray(visitors.siteId, siteIds),
        isSomeone(db),
        query.q
          ? or(contains(visitors.name, query.q), contains(visitors.email, query.q), contains(visitors.phone, query.q), contains(visitors.userId, query.q))
          : undefined,
        before ? or(lt(visitors.createdAt, before), and(eq(visitors.createdAt, before), lt(visitors.id, beforeId!))) : undefined,
      ),
    )
    .orderBy(desc(visitors.createdAt), desc(visitors.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  return {
    contacts: page.map((r) => toContact(r.visitor, r.conversationCount)),
    nextBefore: rows.length > query.limit ? cursorOf(page.at(-1)!.visitor) : null,
  };
}

/** The account's visitor `id`, or a 404: another account's visitor is as unknown as a made-up id. */
export async function accountVisitor(db: Db, accountId: string, id: string): Promise<{ visitor: VisitorRow; conversationCount: number }> {
  const row = (
    await db
      .select({ visitor: visitors, conversationCount: conversationsOf(db) })
      .from(visitors)
      .innerJoin(sites, eq(sites.id, visitors.siteId))
      .where(and(eq(visitors.id, id), eq(sites.accountId, accountId)))
      .limit(1)
  )[0];
  if (!row) throw notFound('Contact');
  return row;
}

export async function getContact(db: Db, accountId: string, id: string): Promise<Contact> {
  const { visitor, conversationCount } = await accountVisitor(db, accountId, id);
  return toContact(visitor, conversationCount);
}

/** Changes what is known of a contact: a null clears a field; attributes merge as the widget's do. */
export async function updateContact(deps: Pick<Deps, 'db' | 'bus'>, accountId: string, id: string, changes: UpdateContactBody): Promise<Contact> {
  const { visitor, conversationCount } = await accountVisitor(deps.db, accountId, id);
  const { attributes, ...fields } = changes;
  const row = await updateVisitor(deps, visitor, { ...fields, attributes: mergeAttributes(visitor.attributes, attributes) });
  // Gone since it was read: as unknown as a made-up id.
  if (!row) throw notFound('Contact');
  return toContact(row, conversationCount);
}
