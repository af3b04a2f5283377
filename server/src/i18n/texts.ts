// Everything the server itself writes for a visitor, in each supported locale (docs/spec.md §4 i18n):
// the bot's lines, routing's system lines, the transcript and follow-up mails. The articles
// and what agents type are in whatever language their authors wrote them.
import { SUPPORTED_LOCALES, type Locale } from '@parley/protocol';
import { ar } from './ar';
import { de } from './de';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { pt } from './pt';
import type { VisitorTexts } from './visitor-texts';



/** A locale's texts with the locale they are in (for Intl and the mail's `lang`). */
export type LocaleTexts = VisitorTexts & { locale: Locale };

const TEXTS: Record<Locale, VisitorTexts> = { en, es, fr, de, pt, ar };

/** The first supported locale among the candidates (`pt-BR` counts as `pt`), else English. */
export function visitorTexts(...candidates: (string | null | undefined)[]): LocaleTexts {
  for (const c of candidates) {
    const lang = c?.slice(0, 2).toLowerCase();
    const locale = SUPPORTED_LOCALES.find((l) => l === lang);
    if (locale) return { ...TEXTS[locale], locale };
  }
  return { ...en, locale: 'en' };
}
