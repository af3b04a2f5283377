// Step 1 of the pipeline: does the visitor ask for a person, or are they fed up with the bot?
// Either way the bot steps aside at once (docs/spec.md §7). Phrase lists per supported locale
// (en, es, fr, de, pt, ar); matched on lower-cased text with Latin accents folded, so
// "atención" and "atencion" both count. Kept to unambiguous phrases: a false positive sends
// an answerable question to the queue, so "agent" alone ("travel agent") does not count.

export type HandoffIntent = 'asked_for_person' | 'frustrated';

/** Lower-cased with Latin accents removed, so "¿Está?" matches "esta". */
export const fold = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

const PERSON = [
  // en
  /\b(talk|speak|chat)(ing)? (to|with) (a |an |some |your |the )?(real |live |actual )?(human|person|people|agent|operator|representative|rep|someone|somebody|staff|support team)\b/,
  /\b(get|want|need|give) me (a |an )?(human|person|agent|operator|representative)\b/,
  /\b(i want|i need|i'd like|can i get|can i have|connect me (to|with)|transfer me (to|with)?)( to talk to)? (a |an )?(human|person|agent|operator|representative|customer service)\b/,
  /^(human|agent|operator|representative|a human|a person)( please)?[.!]*$/,
  // es
  /\bhablar con (una |un |alguna |algun )?(persona|humano|agente|operador|asesor|alguien)\b/,
  /\b(persona|agente) (real|humano|humana)\b/,
  // fr
  /\bparler (a|avec) (un |une |quelqu'un|quelqu un)?(humain|personne|conseiller|conseillere|agent|operateur|quelqu'un)?/,
  /\b(vraie personne|vrai humain|un conseiller)\b/,
  // de
  /\bmit (einem |einer )?(menschen|mensch|person|mitarbeiter|mitarbeiterin|berater|jemandem)( sprechen| reden)?\b/,
  /\b(echten menschen|echte person|kundendienst sprechen)\b/,
  // pt
  /\bfalar com (uma |um |algum )?(pessoa|humano|atendente|agente|alguem|operador)\b/,
  /\b(pessoa real|atendente humano)\b/,
  // ar
  /(التحدث|اتحدث|أتحدث|التكلم|اتكلم|أتكلم|كلم) (مع|الى|إلى)? ?(شخص|موظف|إنسان|انسان|وكيل|بشر|أحد)/,
  /(شخص حقيقي|موظف خدمة العملاء|أريد موظف|اريد موظف)/,
];

const FRUSTRATED = [
  // en
  /\b(you('re| are)|this (bot )?is|what a) (useless|stupid|pointless|worthless|garbage|rubbish)\b/,
  /\b(useless|stupid|dumb) (bot|robot|machine|chatbot|thing)\b/,
  /\b(waste of (my )?time|fed up|sick of (this|you)|this is ridiculous|not helping( me)?( at all)?|you('re| are) not helping)\b/,
  /\b(wtf|fuck|fucking|shit|bullshit)\b/,
  // es
  /\b(no sirves|eres inutil|bot inutil|no me ayudas|estoy harto|estoy harta|que pesadilla)\b/,
  // fr
  /\b(tu es inutile|bot inutile|ca ne sert a rien|tu ne sers a rien|j'en ai marre|n'importe quoi)\b/,
  // de
  /\b(du bist nutzlos|nutzloser bot|bringt nichts|hilfst mir nicht|so ein mist|scheiss|scheiß)\b/,
  // pt
  /\b(voce e inutil|bot inutil|nao ajuda|nao esta ajudando|estou farto|estou farta|que droga)\b/,
  // ar
  /(غير مفيد|لا فائدة|سيء جدا|انت غبي|أنت غبي|مضيعة للوقت)/,
];

/** "Do I have to talk to someone to…" asks how a process works; it is not a request. */
const ASKS_ABOUT_PROCESS = /\b(do|does|should|must|would) (i|we|you) (have|need) to (talk|speak)\b/;

/** Whether a visitor message is a request for a person or strong frustration, else null. */
export function handoffIntent(text: string): HandoffIntent | null {
  const t = fold(text).replace(/[’`]/g, "'").replace(/\s+/g, ' ').trim();
  if (!ASKS_ABOUT_PROCESS.test(t) && PERSON.some((re) => re.test(t))) return 'asked_for_person';
  if (FRUSTRATED.some((re) => re.test(t))) return 'frustrated';
  // Shouting: a long message mostly in capitals with several exclamation marks.
  const letters = text.replace(/[^\p{L}]/gu, '');
  const upper = text.replace(/[^\p{Lu}]/gu, '');
  if (letters.length >= 12 && upper.length / letters.length > 0.8 && (text.match(/!/g)?.length ?? 0) >= 2) return 'frustrated';
  return null;
}
