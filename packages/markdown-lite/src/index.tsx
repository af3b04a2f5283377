import type { ComponentChildren } from 'preact';

/*
 * Markdown-lite for bot and agent text: paragraphs, line breaks, **bold**, *italic*,
 * `code`, [links](https://…), bare URLs, and "-" or "1." lists. Output is Preact nodes
 * built from text, so markup in a message is shown as text and never parsed as HTML.
 * The widget renders messages and articles with it and the inbox previews articles with
 * it, so an owner sees exactly what visitors will; every rule here costs widget bytes.
 */

// A link's label stops at the next `[`, so a run of brackets costs linear time, not quadratic.
const INLINE =
  /\[([^[\]\n]+)\]\(((?:https?:\/\/|mailto:)[^\s)]+)\)|(https?:\/\/[^\s<>]*[^\s<>.,;:!?)\]'"])|\*\*([^*\n]+)\*\*|\*([^*\s][^*\n]*)\*|`([^`\n]+)`/g;

function link(href: string, text: string) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {text}
    </a>
  );
}

function inline(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let at = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index > at) out.push(text.slice(at, m.index));
    const [, label, href, bare, bold, em, code] = m;
    if (href) out.push(link(href, label!));
    else if (bare) out.push(link(bare, bare));
    else if (bold) out.push(<strong>{bold}</strong>);
    else if (em) out.push(<em>{em}</em>);
    else out.push(<code>{code}</code>);
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

const BULLET = /^\s*[-*•]\s+/;
const NUMBER = /^\s*\d+[.)]\s+/;

function lines(block: string[]): ComponentChildren[] {
  return block.flatMap((l, i) => (i ? [<br />, ...inline(l)] : inline(l)));
}

export function Markdown({ text }: { text: string }) {
  const blocks = text.split(/\n\s*\n/).map((b) => b.split('\n').filter((l) => l.trim()));
  return (
    <>
      {blocks
        .filter((b) => b.length)
        .map((b) => {
          for (const [re, List] of [
            [BULLET, 'ul'],
            [NUMBER, 'ol'],
          ] as const) {
            if (b.every((l) => re.test(l))) return <List>{b.map((l) => <li>{inline(l.replace(re, ''))}</li>)}</List>;
          }
          return <p>{lines(b)}</p>;
        })}
    </>
  );
}
