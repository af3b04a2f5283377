/*
 * Markdown-lite for bot and agent text and articles: paragraphs, line breaks, **bold**,
 * *italic*, `code`, [links](https://…), bare URLs, and "-" or "1." lists. One walk over the
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
      for (const [re, tag] of [
        [BULLET, 'ul'],
        [NUMBER, 'ol'],
      ] as const) {
        if (b.every((l) => re.test(l))) return e.el(tag, b.map((l) => e.el('li', inline(l.replace(re, ''), e))));
      }
      return e.el('p', b.flatMap((l, i) => (i ? [e.br(), ...inline(l, e)] : inline(l, e))));
    });
}
