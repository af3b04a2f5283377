// What the bot says around the articles, in each supported locale (SPEC §4 i18n). The
// articles themselves are in whatever language the owner wrote them.
import { SUPPORTED_LOCALES, type Locale } from '@parley/protocol';

export interface BotTexts {
  clarify: string;
  offerHandoff: string;
  offerAfterUnhelpful: string;
  /** The system line on handoff; routing then says whether and when someone answers. */
  handoffSystem: string;
  /** Said when a streamed answer could not cite the site's articles. */
  noAnswer: string;
}

const TEXTS: Record<Locale, BotTexts> = {
  en: {
    clarify: 'Did you mean one of these?',
    offerHandoff: "I'm not sure I have an answer to that. Would you like to talk to a person?",
    offerAfterUnhelpful: "Sorry I couldn't help so far. Would you like to talk to a person?",
    handoffSystem: 'Connecting you with a person.',
    noAnswer: "I couldn't find that in our help articles.",
  },
  es: {
    clarify: '¿Quisiste decir alguna de estas?',
    offerHandoff: 'No estoy seguro de tener una respuesta. ¿Quieres hablar con una persona?',
    offerAfterUnhelpful: 'Siento no haber podido ayudarte. ¿Quieres hablar con una persona?',
    handoffSystem: 'Te estamos conectando con una persona.',
    noAnswer: 'No encontré eso en nuestros artículos de ayuda.',
  },
  fr: {
    clarify: 'Vouliez-vous dire l’une de ces questions ?',
    offerHandoff: 'Je ne suis pas sûr d’avoir une réponse. Voulez-vous parler à une personne ?',
    offerAfterUnhelpful: 'Désolé de ne pas avoir pu vous aider. Voulez-vous parler à une personne ?',
    handoffSystem: 'Nous vous mettons en relation avec une personne.',
    noAnswer: 'Je n’ai pas trouvé cela dans nos articles d’aide.',
  },
  de: {
    clarify: 'Meinten Sie eine dieser Fragen?',
    offerHandoff: 'Ich bin nicht sicher, ob ich darauf eine Antwort habe. Möchten Sie mit einer Person sprechen?',
    offerAfterUnhelpful: 'Leider konnte ich bisher nicht helfen. Möchten Sie mit einer Person sprechen?',
    handoffSystem: 'Wir verbinden Sie mit einer Person.',
    noAnswer: 'Dazu habe ich in unseren Hilfeartikeln nichts gefunden.',
  },
  pt: {
    clarify: 'Você quis dizer uma destas?',
    offerHandoff: 'Não tenho certeza se tenho uma resposta. Quer falar com uma pessoa?',
    offerAfterUnhelpful: 'Desculpe não ter ajudado até agora. Quer falar com uma pessoa?',
    handoffSystem: 'Estamos conectando você com uma pessoa.',
    noAnswer: 'Não encontrei isso nos nossos artigos de ajuda.',
  },
  ar: {
    clarify: 'هل تقصد أحد هذه الأسئلة؟',
    offerHandoff: 'لست متأكدًا من أن لدي إجابة على ذلك. هل تريد التحدث إلى شخص؟',
    offerAfterUnhelpful: 'آسف لأنني لم أتمكن من المساعدة. هل تريد التحدث إلى شخص؟',
    handoffSystem: 'نقوم بتوصيلك بشخص.',
    noAnswer: 'لم أجد ذلك في مقالات المساعدة لدينا.',
  },
};

/** The first supported locale among the candidates (`pt-BR` counts as `pt`), else English. */
export function botTexts(...candidates: (string | null | undefined)[]): BotTexts & { locale: Locale } {
  for (const c of candidates) {
    const lang = c?.slice(0, 2).toLowerCase();
    const locale = SUPPORTED_LOCALES.find((l) => l === lang);
    if (locale) return { ...TEXTS[locale], locale };
  }
  return { ...TEXTS.en, locale: 'en' };
}
