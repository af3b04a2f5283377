import type { VisitorTexts } from './visitor-texts';

export const de: VisitorTexts = {
  dir: 'ltr',
  bot: {
    clarify: 'Meinten Sie eine dieser Fragen?',
    offerHandoff: 'Ich bin nicht sicher, ob ich darauf eine Antwort habe. Möchten Sie mit einer Person sprechen?',
    offerAfterUnhelpful: 'Leider konnte ich bisher nicht helfen. Möchten Sie mit einer Person sprechen?',
    handoffSystem: 'Wir verbinden Sie mit einer Person.',
    noAnswer: 'Dazu habe ich in unseren Hilfeartikeln nichts gefunden.',
  },
  routing: {
    awayKnownEmail: (email) => `Unser Team ist gerade nicht erreichbar. Wir antworten Ihnen per E-Mail an ${email} – Sie können dieses Fenster schließen.`,
    awayAskEmail: 'Unser Team ist gerade nicht erreichbar. Hinterlassen Sie Ihre E-Mail-Adresse, dann antworten wir Ihnen dort.',
    joined: (name) => `${name} ist dem Gespräch beigetreten`,
  },
  transcript: {
    subject: (site) => `Ihr Gespräch mit ${site}`,
    you: 'Sie',
    assistant: 'Assistent',
    agent: 'Kundenservice',
    notice: 'Hinweis',
  },
  followUp: {
    subject: (site) => `Re: Ihr Gespräch mit ${site}`,
  },
  help: {
    title: (site) => `${site} Hilfe-Center`,
    home: 'Hilfe-Center',
    searchLabel: 'Im Hilfe-Center suchen',
    searchPlaceholder: 'Nach Antworten suchen…',
    search: 'Suchen',
    categories: 'Kategorien',
    popular: 'Beliebte Artikel',
    articles: (n) => (n === 1 ? '1 Artikel' : `${n} Artikel`),
    empty: 'Noch keine Artikel.',
    related: 'Ähnliche Artikel',
    helpful: 'War dieser Artikel hilfreich?',
    yes: 'Ja',
    no: 'Nein',
    thanks: 'Danke für Ihr Feedback!',
    results: (n, q) => `${n === 1 ? '1 Ergebnis' : `${n} Ergebnisse`} für „${q}“`,
    noResults: (q) => `Kein Artikel passt zu „${q}“.`,
    notFound: 'Diese Seite gibt es nicht.',
    updated: (date) => `Aktualisiert am ${date}`,
    privacy: 'Datenschutz',
    language: 'Sprache',
  },
  dataExport: {
    subject: (site) => `Ihre Daten bei ${site}`,
    text: (site) => `Sie haben die Daten angefordert, die ${site} über Sie speichert. Sie sind als JSON-Datei angehängt: Ihre Angaben, Ihre Unterhaltungen und die E-Mails an Sie. Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht.`,
  },
};
