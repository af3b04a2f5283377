import { escapeHtml } from '@parley/markdown-lite/html';
import type { Message } from '@parley/protocol';
import type { LocaleTexts } from '../i18n/texts';
import type { VisitorTexts } from '../i18n/visitor-texts';

export interface TranscriptMail {
  subject: string;
  text: string;
  html: string;
}


function author(m: Message, t: VisitorTexts['transcript']): string {
  if (m.author.type === 'visitor') return t.you;
  if (m.author.type === 'agent') return m.author.name ?? t.agent;
  return m.author.type === 'bot' ? t.assistant : t.notice;
}

/**
 * A conversation as the visitor saw it, in their language, as plain text and simple HTML.
 * `messages` are the visible ones (never internal notes); every message body and name is
 * escaped in the HTML, so text a visitor or agent typed can never become markup in someone's
 * mail client.
 */
export function renderTranscript(texts: LocaleTexts, siteName: string, messages: readonly Message[]): TranscriptMail {
  // Minutes in UTC: the mail is read later, anywhere, so the zone is spelled out.
  const dates = new Intl.DateTimeFormat(texts.locale, { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone: 'UTC', timeZoneName: 'short' });
  const when = (m: Message) => dates.format(new Date(m.createdAt));
  const subject = texts.transcript.subject(siteName);
  const text = [subject, ...messages.map((m) => `${when(m)}  ${author(m, texts.transcript)}\n${m.body}`)].join('\n\n') + '\n';
  const rows = messages.map(
    (m) =>
      `<p style="margin:0 0 14px"><b>${escapeHtml(author(m, texts.transcript))}</b> <span style="color:#57606a">${escapeHtml(when(m))}</span><br>` +
      `${escapeHtml(m.body).replace(/\n/g, '<br>')}</p>`,
  );
  const html =
    `<!doctype html><html lang="${texts.locale}" dir="${texts.dir}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
    // The direction again on a wrapper: webmail drops the document's own <html> and <body>.
    `<body style="font:15px/1.45 system-ui,sans-serif;color:#1b1f24"><div dir="${texts.dir}"><h1 style="font-size:18px">${escapeHtml(subject)}</h1>` +
    `${rows.join('')}</div></body></html>`;
  return { subject, text, html };
}
