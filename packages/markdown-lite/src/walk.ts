/*
 * Markdown-lite for bot and agent text and articles: paragraphs, line breaks, **bold**,
 * *italic*, `code`, [links](https://…), bare URLs, "-" or "1." lists, and videos (a YouTube or
 * Vimeo address alone on its own paragraph, see `videoOf`). One walk over the
 * text hands each piece to an emitter: Preact nodes for the widget and the inbox (index.tsx),
 * escaped HTML for the server's help center (html.ts), so all three show the same thing.
 * Text only ever becomes text: markup in it is never parsed as HTML. Every rule here costs
 * widget bytes.
 */

/** What a walk makes of each piece; `T` is a node, or a string of HTML. */
export interface Emit<T> {
  text(s: string): T;
  link(href: string, label: string): T;
  strong(s: string): T;
  em(s: string): T;
  code(s: string): T;
  br(): T;
  el(tag: 'p' | 'ul' | 'ol' | 'li', children: T[]): T;
  video(v: Video): T;
}

/** A tutorial video an article embeds: `embed` is the player's address, the privacy-enhanced one where the provider has it. */
export interface Video {
  provider: 'YouTube' | 'Vimeo';
  url: string;
  embed: string;
}

// The allow-list: only these providers' players are ever framed (the help center's CSP names them).
const YOUTUBE = /^https:\/\/(?:(?:www\.|m\.)?youtube(?:-nocookie)?\.com\/(?:watch\?(?:[^#\s]*&)?v=|embed\/|shorts\/)|youtu\.be\/)([\w-]{11})(?![\w-])/;
const VIMEO = /^https:\/\/(?:www\.)?(?:vimeo\.com\/|player\.vimeo\.com\/video\/)(\d{1,12})(?!\d)/;

/** The video at `url` when it is one of an allow-listed provider's, else undefined. */
export function videoOf(url: string): Video | undefined {
  const yt = YOUTUBE.exec(url);
  if (yt) return { provider: 'YouTube', url, embed: `https://www.youtube-nocookie.com/embed/${yt[1]}?autoplay=1` };
  const vimeo = VIMEO.exec(url);
  if (vimeo) return { provider: 'Vimeo', url, embed: `https://player.vimeo.com/video/${vimeo[1]}?autoplay=1&dnt=1` };
  return undefined;
}

// A link's label stops at the next `[`, so a run of brackets costs linear time, not quadratic.
const INLINE =
  /\[([^[\]\n]+)\]\(((?:https?:\/\/|mailto:)[^\s)]+)\)|(https?:\/\/[^\s<>]*[^\s<>.,;:!?)\]'"])|\*\*([^*\n]+)\*\*|\*([^*\s][^*\n]*)\*|`([^`\n]+)`/g;

function inline<T>(text: string, e: Emit<T>): T[] {
  const out: T[] = [];
  let at = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > at) out.push(e.text(text.slice(at, m.index)));
    const [, label, href, bare, bold, em, code] = m;
    if (href) out.push(e.link(href, label!));
    else if (bare) out.push(e.link(bare, bare));
    else if (bold) out.push(e.strong(bold));
    else if (em) out.push(e.em(em));
    else out.push(e.code(code!));
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push(e.text(text.slice(at)));
  return out;
}

const BULLET = /^\s*[-*•]\s+/;
const NUMBER = /^\s*\d+[.)]\s+/;

/** The blocks of `text`: paragraphs (lines joined by breaks), and lists where every line of a block is an item. */
export function walk<T>(text: string, e: Emit<T>): T[] {
  const blocks = text.split(/\n\s*\n/).map((b) => b.split('\n').filter((l) => l.trim()));
  return blocks
    .filter((b) => b.length)
    .map((b) => {
      const video = b.length === 1 && /^\s*https:\/\/\S+\s*$/.test(b[0]!) ? videoOf(b[0]!.trim()) : undefined;
      if (video) return e.video(video);
      for (const [re, tag] of [
        [BULLET, 'ul'],
        [NUMBER, 'ol'],
      ] as const) {
        if (b.every((l) => re.test(l))) return e.el(tag, b.map((l) => e.el('li', inline(l.replace(re, ''), e))));
      }
      return e.el('p', b.flatMap((l, i) => (i ? [e.br(), ...inline(l, e)] : inline(l, e))));
    });
}
