import type { ComponentChildren } from 'preact';

/*
 * Markdown-lite for the article preview: paragraphs, `#` headings, `-`/`*`/`1.` lists, **bold**,
 * *italic*, `code` and [links](https://…). Built as elements, never as HTML strings, so an
 * article cannot inject markup into the inbox; only http(s) and mailto links are kept.
 */

const INLINE = /\*\*([^*]+)\*\*|\*([^*]+)\*|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)/g;

function inline(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let last = 0;
  for (const m of text.matchAll(INLINE)) {
    out.push(text.slice(last, m.index));
    const [, bold, em, code, label, href] = m;
    if (bold) out.push(<strong>{bold}</strong>);
    else if (em) out.push(<em>{em}</em>);
    else if (code) out.push(<code>{code}</code>);
    else if (label && href) out.push(/^(https?:|mailto:)/i.test(href) ? <a href={href} target="_blank" rel="noopener noreferrer">{label}</a> : label);
    last = m.index + m[0].length;
  }
  out.push(text.slice(last));
  return out;
}

export function Markdown({ text }: { text: string }) {
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n{2,}/).filter((b) => b.trim());
  return (
    <div class="markdown">
      {blocks.map((block) => {
        const lines = block.split('\n');
        const heading = /^(#{1,3})\s+(.*)$/.exec(block);
        if (heading && lines.length === 1) {
          const H = `h${heading[1]!.length + 2}` as 'h3';
          return <H>{inline(heading[2]!)}</H>;
        }
        if (lines.every((l) => /^\s*([-*]|\d+\.)\s+/.test(l))) {
          const items = lines.map((l) => <li>{inline(l.replace(/^\s*([-*]|\d+\.)\s+/, ''))}</li>);
          return /^\s*\d+\./.test(lines[0]!) ? <ol>{items}</ol> : <ul>{items}</ul>;
        }
        return <p>{lines.flatMap((l, i) => (i ? [<br />, ...inline(l)] : inline(l)))}</p>;
      })}
    </div>
  );
}
