import { asc, eq } from 'drizzle-orm';
import type { SiteSettings } from '@parley/protocol';
import { newToken } from '../auth/tokens';
import type { Config } from '../config/config';
import type { Db } from '../db/store';
import { newId } from '../db/ids';
import { accounts, sites } from '../db/tables';
import { importArticles } from '../kb/articles';
import { originOf } from '../sites/origins';
import { DEMO_FAQ } from './faq';

export const DEMO_SITE_KEY = 'pk_demo';

const demoSettings: Partial<SiteSettings> = {
  texts: {
    title: 'Parley demo',
    greeting: 'Hi! I am the Parley demo bot. Ask me anything, or ask for a person.',
    privacyUrl: null,
  },
};

/**
 * With the demo on, once: the demo site in the first account, with a sample FAQ. It accepts
 * the demo site's pages (their own origin, see demo/site.ts), the server's and any localhost
 * page, so a newcomer can paste the tag into a local file of their own.
 */
export async function seedDemoSite(db: Db, config: Config, demoOrigin: string): Promise<void> {
  const siteId = newId('site');
  const origins = new Set([demoOrigin, originOf(config.PUBLIC_URL), 'http://localhost:*', 'http://127.0.0.1:*']);
  // Checked inside the transaction, on the key it inserts: two processes seeding at once end
  // with one site (the other's insert fails to serialise, is retried, and finds it).
  const created = await db.transaction(async (tx) => {
    if ((await tx.select({ id: sites.id }).from(sites).where(eq(sites.publicKey, DEMO_SITE_KEY)).limit(1))[0]) return false;
    const account = (await tx.select({ id: accounts.id }).from(accounts).orderBy(asc(accounts.createdAt)).limit(1))[0];
    if (!account) return false;
    await tx.insert(sites).values({
      id: siteId,
      accountId: account.id,
      name: 'Demo site',
      publicKey: DEMO_SITE_KEY,
      secret: newToken('sk'),
      allowedOrigins: [...origins],
      settings: demoSettings,
    });
    return true;
  });
  if (!created) return;
  // Tests start from an empty knowledge base: they count and search exact articles.
  if (config.NODE_ENV !== 'test') await importArticles(db, siteId, DEMO_FAQ);
}
