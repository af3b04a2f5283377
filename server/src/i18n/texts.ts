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

export interface VisitorTexts {
  /** How the language runs: the transcript's HTML says so for Arabic. */
  dir: 'ltr' | 'rtl';
  bot: {
    clarify: string;
    offerHandoff: string;
    offerAfterUnhelpful: string;
    /** The system line on handoff; routing then says whether and when someone answers. */
    handoffSystem: string;
    /** Said when a streamed answer could not cite the site's articles. */
    noAnswer: string;
  };
  /** System lines routing writes when nobody can answer now, and when someone takes the chat. */
  routing: {
    awayKnownEmail: (email: string) => string;
    awayAskEmail: string;
    joined: (agentName: string) => string;
  };
  transcript: {
    subject: (siteName: string) => string;
    /** Author labels; an agent's own name is used when it has one. */
    you: string;
    assistant: string;
    agent: string;
    notice: string;
  };
  /**
   * An agent's reply mailed on the offline path. Its subject keeps "Re:" untranslated in every
   * language: mail clients recognise that one and would stack a translated prefix on it.
   */
  followUp: {
    subject: (siteName: string) => string;
  };
}

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
