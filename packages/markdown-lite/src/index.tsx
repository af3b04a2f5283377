import { h, type ComponentChildren } from 'preact';
import { walk, type Emit } from './walk';

const nodes: Emit<ComponentChildren> = {
  text: (s) => s,
  link: (href, label) => (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {label}
    </a>
  ),
  strong: (s) => <strong>{s}</strong>,
  em: (s) => <em>{s}</em>,
  code: (s) => <code>{s}</code>,
  br: () => <br />,
  el: (tag, children) => h(tag, null, children),
};

/** Markdown-lite (walk.ts) as Preact nodes: what the widget shows and the inbox previews. */
export function Markdown({ text }: { text: string }) {
  return <>{walk(text, nodes)}</>;
}
