import type { SiteRow } from '../db/rows';
import { eq } from 'drizzle-orm';
import { SiteSettings } from '@parley/protocol';
import type { Db } from '../db/store';
import { sites } from '../db/tables';

export async function findSiteByKey(db: Db, publicKey: string): Promise<SiteRow | undefined> {
  return (await db.select().from(sites).where(eq(sites.publicKey, publicKey)).limit(1))[0];
}

export async function findSiteById(db: Db, id: string): Promise<SiteRow | undefined> {
  return (await db.select().from(sites).where(eq(sites.id, id)).limit(1))[0];
}

/** Settings with every default filled in; a corrupt stored value falls back to defaults. */
export function siteSettings(site: SiteRow): SiteSettings {
  const parsed = SiteSettings.safeParse(site.settings);
  return parsed.success ? parsed.data : SiteSettings.parse({});
}

/** Every site's origin patterns: answers a CORS preflight, which carries no site key. */
export async function allAllowedOrigins(db: Db): Promise<string[]> {
  return (await db.select({ allowedOrigins: sites.allowedOrigins }).from(sites)).flatMap((s) => s.allowedOrigins);
}
