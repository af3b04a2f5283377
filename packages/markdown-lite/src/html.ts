import { walk, type Emit, type Video } from './walk';

export type { Video } from './walk';

/** Text as HTML text or attribute value: every character that could start markup or end a quote is an entity. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const link = (href: string, label: string) => `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${escapeHtml(label)}</a>`;

const html: Omit<Emit<string>, 'video'> = {
  text: escapeHtml,
  link,
  strong: (s) => `<strong>${escapeHtml(s)}</strong>`,
  em: (s) => `<em>${escapeHtml(s)}</em>`,
  code: (s) => `<code>${escapeHtml(s)}</code>`,
  br: () => '<br>',
  el: (tag, children) => `<${tag}>${children.join('')}</${tag}>`,
};

/**
 * Markdown-lite (walk.ts) as escaped HTML, for pages the server renders: the same as the widget
 * shows. A video is what `video` makes of it (given its place among the text's videos), else a
 * link to it.
 */
export function markdownHtml(text: string, video?: (v: Video, index: number) => string): string {
  let videos = 0;
  return walk(text, { ...html, video: (v) => (video ? video(v, videos++) : link(v.url, v.url)) }).join('');
}
