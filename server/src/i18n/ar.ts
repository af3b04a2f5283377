import type { VisitorTexts } from './visitor-texts';

// Names, addresses and site names run left to right inside these right-to-left lines:
// Unicode isolates keep an address's "@" and "." from being reordered around them.
const isolate = (s: string) => `\u2068${s}\u2069`;

export const ar: VisitorTexts = {
  dir: 'rtl',
  bot: {
    clarify: 'هل تقصد أحد هذه الأسئلة؟',
    offerHandoff: 'لست متأكدًا من أن لدي إجابة على ذلك. هل تريد التحدث إلى شخص؟',
    offerAfterUnhelpful: 'آسف لأنني لم أتمكن من المساعدة. هل تريد التحدث إلى شخص؟',
    handoffSystem: 'نقوم بتوصيلك بشخص.',
    noAnswer: 'لم أجد ذلك في مقالات المساعدة لدينا.',
  },
  routing: {
    awayKnownEmail: (email) => `فريقنا غير متاح حاليًا. سنرد عليك عبر البريد الإلكتروني على ${isolate(email)} — يمكنك إغلاق هذه النافذة.`,
    awayAskEmail: 'فريقنا غير متاح حاليًا. اترك عنوان بريدك الإلكتروني وسنرد عليك هناك.',
    awayHere: 'فريقنا غير متاح حاليًا. سنرد عليك هنا فور عودتنا.',
    joined: (name) => `انضم ${isolate(name)} إلى المحادثة`,
  },
  transcript: {
    subject: (site) => `محادثتك مع ${isolate(site)}`,
    you: 'أنت',
    assistant: 'المساعد',
    agent: 'موظف الدعم',
    notice: 'إشعار',
  },
  followUp: {
    subject: (site) => `Re: محادثتك مع ${isolate(site)}`,
  },
  help: {
    title: (site) => `مركز المساعدة لدى ${site}`,
    home: 'مركز المساعدة',
    searchLabel: 'ابحث في مركز المساعدة',
    searchPlaceholder: 'ابحث عن إجابات…',
    search: 'بحث',
    categories: 'الفئات',
    popular: 'المقالات الأكثر قراءة',
    articles: (n) => (n === 1 ? 'مقالة واحدة' : `${n} مقالات`),
    empty: 'لا توجد مقالات بعد.',
    related: 'مقالات ذات صلة',
    helpful: 'هل كانت هذه المقالة مفيدة؟',
    yes: 'نعم',
    no: 'لا',
    thanks: 'شكرًا على رأيك!',
    results: (n, q) => `${n} نتيجة لـ «${q}»`,
    noResults: (q) => `لا توجد مقالات تطابق «${q}».`,
    notFound: 'هذه الصفحة غير موجودة.',
    updated: (date) => `آخر تحديث ${date}`,
    privacy: 'الخصوصية',
    language: 'اللغة',
    playVideo: (p) => `تشغيل الفيديو (${p})`,
    stillNeedHelp: 'هل ما زلت بحاجة إلى مساعدة؟',
    chatWithUs: 'تحدث معنا',
    about: (title) => `بخصوص: ${title}`,
  },
  ticket: {
    received: (site, ref) => `تلقّى ${site} طلبك رقم ${ref}. سنرد عليك عبر البريد الإلكتروني وفي الدردشة على موقعنا. رسالتك:`,
    replyToAdd: 'رُدّ على هذه الرسالة لإضافة أي تفاصيل.',
    converted: (ref, subject) => `أصبحت هذه المحادثة الآن الطلب رقم ${ref}: ${subject}. سنرد هنا وعبر البريد الإلكتروني.`,
    resolved: (ref) => `تم حل طلبك رقم ${ref}. رُدّ لإعادة فتحه.`,
    autoResolved: (ref, days) => `لم يصلنا رد خلال ${days} أيام، لذا تم حل الطلب رقم ${ref}. رُدّ لإعادة فتحه.`,
    needInfo: (site, ref) => `يحتاج ${site} إلى مزيد من المعلومات حول طلبك رقم ${ref}:`,
    replyToAnswer: 'رُدّ على هذه الرسالة للإجابة.',
  },
  dataExport: {
    subject: (site) => `بياناتك لدى ${site}`,
    text: (site) => `طلبت البيانات التي يحتفظ بها ${site} عنك. تجدها مرفقة في ملف JSON: بياناتك ومحادثاتك والرسائل التي أُرسلت إليك. إذا لم تطلب ذلك، يمكنك تجاهل هذه الرسالة.`,
  },
};
