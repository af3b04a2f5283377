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

/** The consent the site asks for before a visitor's first message (its text and version), or null. */
export function consentAsked(site: SiteRow): { text: string; version: number } | null {
  // Read raw first: a message's hot path should not parse every site's settings to learn "no".
  const raw = site.settings as { privacy?: { consent?: { required?: unknown } } } | null;
  if (raw?.privacy?.consent?.required !== true) return null;
  const { required, text, version } = siteSettings(site).privacy.consent;
  return required ? { text, version } : null;
}

/** The settings `next` with the consent version the server keeps: the stored one, one higher when the text changed. */
export function withConsentVersion(before: SiteSettings, next: SiteSettings): SiteSettings {
  const was = before.privacy.consent;
  const version = next.privacy.consent.text === was.text ? was.version : was.version + 1;
  return { ...next, privacy: { ...next.privacy, consent: { ...next.privacy.consent, version } } };
}

/** Every site's origin patterns: answers a CORS preflight, which carries no site key. */
export async function allAllowedOrigins(db: Db): Promise<string[]> {
  return (await db.select({ allowedOrigins: sites.allowedOrigins }).from(sites)).flatMap((s) => s.allowedOrigins);
}
