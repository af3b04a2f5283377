import { walk, type Emit } from './walk';

/** Text as HTML text or attribute value: every character that could start markup or end a quote is an entity. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const html: Emit<string> = {
  text: escapeHtml,
  link: (href, label) => `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${escapeHtml(label)}</a>`,
  strong: (s) => `<strong>${escapeHtml(s)}</strong>`,
  em: (s) => `<em>${escapeHtml(s)}</em>`,
  code: (s) => `<code>${escapeHtml(s)}</code>`,
  br: () => '<br>',
  el: (tag, children) => `<${tag}>${children.join('')}</${tag}>`,
};

/** Markdown-lite (walk.ts) as escaped HTML, for pages the server renders: the same as the widget shows. */
export function markdownHtml(text: string): string {
  return walk(text, html).join('');
}
