import type { VisitorTexts } from './visitor-texts';

export const en: VisitorTexts = {
  dir: 'ltr',
  bot: {
    clarify: 'Did you mean one of these?',
    offerHandoff: "I'm not sure I have an answer to that. Would you like to talk to a person?",
    offerAfterUnhelpful: "Sorry I couldn't help so far. Would you like to talk to a person?",
    handoffSystem: 'Connecting you with a person.',
    noAnswer: "I couldn't find that in our help articles.",
  },
  routing: {
    awayKnownEmail: (email) => `Our team is away right now. We'll reply by email to ${email} — you can close this window.`,
    awayAskEmail: "Our team is away right now. Leave your email address and we'll reply there.",
    joined: (name) => `${name} joined the conversation`,
  },
  transcript: {
    subject: (site) => `Your conversation with ${site}`,
    you: 'You',
    assistant: 'Assistant',
    agent: 'Agent',
    notice: 'Notice',
  },
  followUp: {
    subject: (site) => `Re: your conversation with ${site}`,
  },
  help: {
    title: (site) => `${site} Help Center`,
    home: 'Help Center',
    searchLabel: 'Search the help center',
    searchPlaceholder: 'Search for answers…',
    search: 'Search',
    categories: 'Categories',
    popular: 'Popular articles',
    articles: (n) => (n === 1 ? '1 article' : `${n} articles`),
    empty: 'No articles yet.',
    related: 'Related articles',
    helpful: 'Was this article helpful?',
    yes: 'Yes',
    no: 'No',
    thanks: 'Thanks for your feedback!',
    results: (n, q) => `${n === 1 ? '1 result' : `${n} results`} for “${q}”`,
    noResults: (q) => `No articles match “${q}”.`,
    notFound: 'This page does not exist.',
    updated: (date) => `Updated ${date}`,
    privacy: 'Privacy',
    language: 'Language',
  },
  dataExport: {
    subject: (site) => `Your data held by ${site}`,
    text: (site) => `You asked for the data ${site} holds about you. It is attached as a JSON file: your details, your conversations and the emails sent to you. If you did not ask for it, you can ignore this message.`,
  },
};
