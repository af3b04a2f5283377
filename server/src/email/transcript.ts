import type { Message } from '@parley/protocol';

export interface TranscriptMail {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function author(m: Message): string {
  if (m.author.type === 'visitor') return 'You';
  if (m.author.type === 'agent') return m.author.name ?? 'Agent';
  return m.author.type === 'bot' ? 'Assistant' : 'Notice';
}

// Minutes in UTC: the mail is read later, anywhere, so the zone is spelled out.
const when = (m: Message) => `${m.createdAt.slice(0, 16).replace('T', ' ')} UTC`;

/**
 * A conversation as the visitor saw it, as plain text and simple HTML. `messages` are the
 * visible ones (never internal notes); every message body and name is escaped in the HTML,
 * so text a visitor or agent typed can never become markup in someone's mail client.
 */
export function renderTranscript(siteName: string, messages: readonly Message[]): TranscriptMail {
  const subject = `Your conversation with ${siteName}`;
  const text = [subject, ...messages.map((m) => `${when(m)}  ${author(m)}\n${m.body}`)].join('\n\n') + '\n';
  const rows = messages.map(
    (m) =>
      `<p style="margin:0 0 14px"><b>${escapeHtml(author(m))}</b> <span style="color:#57606a">${when(m)}</span><br>` +
      `${escapeHtml(m.body).replace(/\n/g, '<br>')}</p>`,
  );
  const html =
    `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>` +
    `<body style="font:15px/1.45 system-ui,sans-serif;color:#1b1f24"><h1 style="font-size:18px">${escapeHtml(subject)}</h1>` +
    `${rows.join('')}</body></html>`;
  return { subject, text, html };
}
