/** Every line the server writes for a visitor: one object of these per locale (en.ts … ar.ts). */
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
    /** Away, to a customer on a channel that carries the answer itself (WhatsApp): no email to ask for. */
    awayHere: string;
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
  /** The public help center's pages (help/). */
  help: {
    title: (siteName: string) => string;
    home: string;
    searchLabel: string;
    searchPlaceholder: string;
    search: string;
    categories: string;
    popular: string;
    articles: (n: number) => string;
    empty: string;
    related: string;
    helpful: string;
    yes: string;
    no: string;
    thanks: string;
    results: (n: number, q: string) => string;
    noResults: (q: string) => string;
    notFound: string;
    updated: (date: string) => string;
    privacy: string;
    language: string;
    /** The poster of a tutorial video, which loads the provider's player only when followed. */
    playVideo: (provider: string) => string;
    stillNeedHelp: string;
    chatWithUs: string;
    /** What "Chat with us" under an article puts in the widget's composer. */
    about: (title: string) => string;
  };
  /** A ticket's mails (their subject is the ticket's reference and subject) and lines. */
  ticket: {
    received: (siteName: string, reference: number) => string;
    replyToAdd: string;
    /** The lines a ticket's changes write in its thread (and mail): a chat made a ticket, resolved by an agent or by itself. */
    converted: (reference: number, subject: string) => string;
    resolved: (reference: number) => string;
    autoResolved: (reference: number, days: number) => string;
    /** A question to the customer (status `pending`): the mail's opening, and its closing line. */
    needInfo: (siteName: string, reference: number) => string;
    replyToAnswer: string;
  };
  /** "Email me my data": everything the site holds about the visitor, attached as JSON. */
  dataExport: {
    subject: (siteName: string) => string;
    text: (siteName: string) => string;
  };
}
