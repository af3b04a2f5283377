import type { Context } from 'hono';
import type { Config } from '../config/config';
import type { SiteRow } from '../db/rows';
import type { Db } from '../db/store';
import { visitorTexts } from '../i18n/texts';
import { siteSettings } from '../sites/sites';
import { pickLanguage } from './language';
import type { HelpContext } from './pages';
import { articleLanguages } from './queries';

/** Where "Chat with us" leads: the page the owner chose, else the home page of the first origin the site allows outright (not a pattern). */
function chatPage(site: SiteRow, chosen: string | null): string | null {
  return chosen ?? site.allowedOrigins.find((o) => /^https?:\/\/[^*]+$/.test(o))?.concat('/') ?? null;
}

/** The help center of `site` as one request sees it: its language (asked, else the browser's, else the site's) and addresses. */
export async function helpContext(db: Db, config: Pick<Config, 'PUBLIC_URL'>, c: Context, site: SiteRow): Promise<HelpContext> {
  const settings = siteSettings(site);
  const siteLanguage = settings.locale ?? 'en';
  const languages = [...new Set([...(await articleLanguages(db, site.id)), siteLanguage])].sort();
  const lang = pickLanguage(c.req.query('lang'), c.req.header('accept-language'), languages, siteLanguage);
  return {
    siteName: site.name,
    texts: visitorTexts(lang),
    lang,
    languages,
    siteLanguage,
    base: `/help/${site.publicKey}`,
    // Read per request: a server started on port 0 learns its URL once it listens.
    origin: new URL(config.PUBLIC_URL).origin,
    privacyUrl: settings.texts.privacyUrl,
    indexable: settings.helpCenter.indexable,
    chatUrl: chatPage(site, settings.helpCenter.chatUrl),
  };
}
