import type { VisitorTexts } from './visitor-texts';

export const fr: VisitorTexts = {
  dir: 'ltr',
  bot: {
    clarify: 'Vouliez-vous dire l’une de ces questions ?',
    offerHandoff: 'Je ne suis pas sûr d’avoir une réponse. Voulez-vous parler à une personne ?',
    offerAfterUnhelpful: 'Désolé de ne pas avoir pu vous aider. Voulez-vous parler à une personne ?',
    handoffSystem: 'Nous vous mettons en relation avec une personne.',
    noAnswer: 'Je n’ai pas trouvé cela dans nos articles d’aide.',
  },
  routing: {
    awayKnownEmail: (email) => `Notre équipe est absente pour le moment. Nous vous répondrons par e-mail à ${email} ; vous pouvez fermer cette fenêtre.`,
    awayAskEmail: 'Notre équipe est absente pour le moment. Laissez-nous votre adresse e-mail et nous vous répondrons.',
    joined: (name) => `${name} a rejoint la conversation`,
  },
  transcript: {
    subject: (site) => `Votre conversation avec ${site}`,
    you: 'Vous',
    assistant: 'Assistant',
    agent: 'Conseiller',
    notice: 'Information',
  },
  followUp: {
    subject: (site) => `Re: votre conversation avec ${site}`,
  },
  help: {
    title: (site) => `Centre d’aide de ${site}`,
    home: 'Centre d’aide',
    searchLabel: 'Rechercher dans le centre d’aide',
    searchPlaceholder: 'Rechercher une réponse…',
    search: 'Rechercher',
    categories: 'Catégories',
    popular: 'Articles populaires',
    articles: (n) => (n === 1 ? '1 article' : `${n} articles`),
    empty: 'Aucun article pour l’instant.',
    related: 'Articles liés',
    helpful: 'Cet article vous a-t-il aidé ?',
    yes: 'Oui',
    no: 'Non',
    thanks: 'Merci pour votre avis !',
    results: (n, q) => `${n === 1 ? '1 résultat' : `${n} résultats`} pour « ${q} »`,
    noResults: (q) => `Aucun article ne correspond à « ${q} ».`,
    notFound: 'Cette page n’existe pas.',
    updated: (date) => `Mis à jour le ${date}`,
    privacy: 'Confidentialité',
    language: 'Langue',
  },
  dataExport: {
    subject: (site) => `Vos données chez ${site}`,
    text: (site) => `Vous avez demandé les données que ${site} conserve à votre sujet. Elles sont jointes dans un fichier JSON : vos coordonnées, vos conversations et les e-mails qui vous ont été envoyés. Si vous n’avez rien demandé, ignorez ce message.`,
  },
};
