import { eq } from 'drizzle-orm';
import type { SiteSettings } from '@parley/protocol';
import { generatePassword, hashPassword } from '../auth/password';
import { newToken } from '../auth/tokens';
import { newId } from '../db/ids';
import type { Config } from '../config/config';
import { DEMO_FAQ } from './faq';
import { importArticles } from '../kb/articles';
import { originOf } from '../sites/origins';
import type { Db } from '../db/connection';
import { accounts, agents, sites } from '../db/schema';

export const DEMO_SITE_KEY = 'pk_demo';
export const OWNER_EMAIL = 'owner@example.com';

export interface SeedResult {
  /** The generated owner password: shown once, on the run that created the owner. */
  generatedPassword: string | null;
  created: boolean;
}

const demoSettings: Partial<SiteSettings> = {
  texts: {
    title: 'Parley demo',
    greeting: 'Hi! I am the Parley demo bot. Ask me anything, or ask for a person.',
    privacyUrl: null,
  },
};

/**
 * First start only: an account, its owner and the demo site with a sample FAQ. The demo site accepts the
 * server's own pages and any localhost page, so a newcomer can paste the tag into a local
 * file of their own.
 */
export async function seedIfEmpty(db: Db, config: Config): Promise<SeedResult> {
  if (db.select({ id: sites.id }).from(sites).where(eq(sites.publicKey, DEMO_SITE_KEY)).get()) {
    return { generatedPassword: null, created: false };
  }
  const generatedPassword = config.PARLEY_ADMIN_PASSWORD ? null : generatePassword();
  const passwordHash = await hashPassword(config.PARLEY_ADMIN_PASSWORD ?? generatedPassword!);
  const siteId = newId('site');
  db.transaction((tx) => {
    const accountId = newId('acc');
    tx.insert(accounts).values({ id: accountId, name: 'Demo company' }).run();
    tx.insert(agents)
      .values({ id: newId('ag'), accountId, email: OWNER_EMAIL, name: 'Demo Owner', passwordHash, role: 'owner', languages: ['en'] })
      .run();
    tx.insert(sites)
      .values({
        id: siteId,
        accountId,
        name: 'Demo site',
        publicKey: DEMO_SITE_KEY,
        secret: newToken('sk'),
        allowedOrigins: [originOf(config.PUBLIC_URL), 'http://localhost:*', 'http://127.0.0.1:*'],
        settings: demoSettings,
      })
      .run();
  });
  // Tests start from an empty knowledge base: they count and search exact articles.
  if (config.NODE_ENV !== 'test') importArticles(db, siteId, DEMO_FAQ);
  return { generatedPassword, created: true };
}
