import type { SiteRow } from '../db/rows';
import { eq } from 'drizzle-orm';
import { SiteSettings } from '@parley/protocol';
import type { Db } from '../db/connection';
import { sites } from '../db/schema';


export function findSiteByKey(db: Db, publicKey: string): SiteRow | undefined {
  return db.select().from(sites).where(eq(sites.publicKey, publicKey)).get();
}

export function findSiteById(db: Db, id: string): SiteRow | undefined {
  return db.select().from(sites).where(eq(sites.id, id)).get();
}

/** Settings with every default filled in; a corrupt stored value falls back to defaults. */
export function siteSettings(site: SiteRow): SiteSettings {
  const parsed = SiteSettings.safeParse(site.settings);
  return parsed.success ? parsed.data : SiteSettings.parse({});
}

/** Every site's origin patterns: answers a CORS preflight, which carries no site key. */
export function allAllowedOrigins(db: Db): string[] {
  return db
    .select({ allowedOrigins: sites.allowedOrigins })
    .from(sites)
    .all()
    .flatMap((s) => s.allowedOrigins);
}
