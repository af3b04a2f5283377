import type { VisitorTexts } from './visitor-texts';

export const pt: VisitorTexts = {
  dir: 'ltr',
  bot: {
    clarify: 'Você quis dizer uma destas?',
    offerHandoff: 'Não tenho certeza se tenho uma resposta. Quer falar com uma pessoa?',
    offerAfterUnhelpful: 'Desculpe não ter ajudado até agora. Quer falar com uma pessoa?',
    handoffSystem: 'Estamos conectando você com uma pessoa.',
    noAnswer: 'Não encontrei isso nos nossos artigos de ajuda.',
  },
  routing: {
    awayKnownEmail: (email) => `Nossa equipe não está disponível agora. Vamos responder por e-mail para ${email} — você pode fechar esta janela.`,
    awayAskEmail: 'Nossa equipe não está disponível agora. Deixe seu endereço de e-mail e responderemos por lá.',
    joined: (name) => `${name} entrou na conversa`,
  },
  transcript: {
    subject: (site) => `Sua conversa com ${site}`,
    you: 'Você',
    assistant: 'Assistente',
    agent: 'Atendente',
    notice: 'Aviso',
  },
  followUp: {
    subject: (site) => `Re: sua conversa com ${site}`,
  },
  help: {
    title: (site) => `Central de ajuda de ${site}`,
    home: 'Central de ajuda',
    searchLabel: 'Pesquisar na central de ajuda',
    searchPlaceholder: 'Procure respostas…',
    search: 'Pesquisar',
    categories: 'Categorias',
    popular: 'Artigos populares',
    articles: (n) => (n === 1 ? '1 artigo' : `${n} artigos`),
    empty: 'Ainda não há artigos.',
    related: 'Artigos relacionados',
    helpful: 'Este artigo foi útil?',
    yes: 'Sim',
    no: 'Não',
    thanks: 'Obrigado pelo seu feedback!',
    results: (n, q) => `${n === 1 ? '1 resultado' : `${n} resultados`} para “${q}”`,
    noResults: (q) => `Nenhum artigo corresponde a “${q}”.`,
    notFound: 'Esta página não existe.',
    updated: (date) => `Atualizado em ${date}`,
    privacy: 'Privacidade',
    language: 'Idioma',
  },
  dataExport: {
    subject: (site) => `Os seus dados em ${site}`,
    text: (site) => `Pediu os dados que ${site} guarda sobre si. Seguem em anexo num ficheiro JSON: os seus dados, as suas conversas e os e-mails que lhe enviámos. Se não fez este pedido, pode ignorar esta mensagem.`,
  },
};
