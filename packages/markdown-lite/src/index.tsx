import { h, type ComponentChildren } from 'preact';
import { walk, type Emit, type Video } from './walk';

export type { Video } from './walk';

const link = (href: string, label: string) => (
  <a href={href} target="_blank" rel="noopener noreferrer">
    {label}
  </a>
);

const nodes: Omit<Emit<ComponentChildren>, 'video'> = {
  text: (s) => s,
  link,
  strong: (s) => <strong>{s}</strong>,
  em: (s) => <em>{s}</em>,
  code: (s) => <code>{s}</code>,
  br: () => <br />,
  el: (tag, children) => h(tag, null, children),
};

/** Markdown-lite (walk.ts) as Preact nodes: what the widget shows and the inbox previews. A video is `video`'s, else a link. */
export function Markdown({ text, video }: { text: string; video?: (v: Video) => ComponentChildren }) {
  return <>{walk(text, { ...nodes, video: video ?? ((v) => link(v.url, v.url)) })}</>;
}
