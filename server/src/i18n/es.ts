import type { VisitorTexts } from './visitor-texts';

export const es: VisitorTexts = {
  dir: 'ltr',
  bot: {
    clarify: '¿Quisiste decir alguna de estas?',
    offerHandoff: 'No estoy seguro de tener una respuesta. ¿Quieres hablar con una persona?',
    offerAfterUnhelpful: 'Siento no haber podido ayudarte. ¿Quieres hablar con una persona?',
    handoffSystem: 'Te estamos conectando con una persona.',
    noAnswer: 'No encontré eso en nuestros artículos de ayuda.',
  },
  routing: {
    awayKnownEmail: (email) => `Nuestro equipo no está disponible ahora mismo. Te responderemos por correo a ${email}; puedes cerrar esta ventana.`,
    awayAskEmail: 'Nuestro equipo no está disponible ahora mismo. Déjanos tu correo electrónico y te responderemos allí.',
    joined: (name) => `${name} se ha unido a la conversación`,
  },
  transcript: {
    subject: (site) => `Tu conversación con ${site}`,
    you: 'Tú',
    assistant: 'Asistente',
    agent: 'Agente',
    notice: 'Aviso',
  },
  followUp: {
    subject: (site) => `Re: tu conversación con ${site}`,
  },
  help: {
    title: (site) => `Centro de ayuda de ${site}`,
    home: 'Centro de ayuda',
    searchLabel: 'Buscar en el centro de ayuda',
    searchPlaceholder: 'Busca respuestas…',
    search: 'Buscar',
    categories: 'Categorías',
    popular: 'Artículos populares',
    articles: (n) => (n === 1 ? '1 artículo' : `${n} artículos`),
    empty: 'Aún no hay artículos.',
    related: 'Artículos relacionados',
    helpful: '¿Te ha sido útil este artículo?',
    yes: 'Sí',
    no: 'No',
    thanks: '¡Gracias por tu opinión!',
    results: (n, q) => `${n === 1 ? '1 resultado' : `${n} resultados`} para «${q}»`,
    noResults: (q) => `Ningún artículo coincide con «${q}».`,
    notFound: 'Esta página no existe.',
    updated: (date) => `Actualizado el ${date}`,
    privacy: 'Privacidad',
    language: 'Idioma',
  },
  dataExport: {
    subject: (site) => `Tus datos en ${site}`,
    text: (site) => `Pediste los datos que ${site} guarda sobre ti. Van adjuntos en un archivo JSON: tus datos, tus conversaciones y los correos que te enviamos. Si no lo pediste, puedes ignorar este mensaje.`,
  },
};
