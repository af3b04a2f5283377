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
  dataExport: {
    subject: (site) => `Os seus dados em ${site}`,
    text: (site) => `Pediu os dados que ${site} guarda sobre si. Seguem em anexo num ficheiro JSON: os seus dados, as suas conversas e os e-mails que lhe enviámos. Se não fez este pedido, pode ignorar esta mensagem.`,
  },
};
