import { useState } from 'preact/hooks';
import { useChat } from '../ui/context';
import css from './help.css?inline';
import { Home } from './Home';
import { Article, Category } from './pages';
import type { Page } from './parts';

let styled = false;

/**
 * The Help view (its own chunk, with its own CSS): the help center's home, a category, an
 * article, each opened over the last so Back returns there. The home stays mounted beneath,
 * so Back finds the search as the visitor left it.
 */
export function Help() {
  const [chat, s] = useChat();
  const t = s.strings;
  const [trail, setTrail] = useState<Page[]>([]);
  const top = trail[trail.length - 1];
  // The chunk's own rules, adopted the first time it renders (host.style adds nothing where
  // the linked fallback stylesheet already holds them).
  if (!styled) {
    styled = true;
    chat.host.style(css);
  }
  const open = (page: Page) => setTrail([...trail, page]);
  const { url } = chat.host.config.help;
  return (
    <div class="p-help">
      <Home open={open} shown={!top} />
      {top && (
        <>
          <button type="button" class="p-link p-back" onClick={() => setTrail(trail.slice(0, -1))}>
            {t.backHelp}
          </button>
          {'article' in top ? <Article key={top.article} id={top.article} /> : <Category key={top.category} slug={top.category} open={open} />}
        </>
      )}
      {/^https?:\/\//i.test(url) && (
        <a class="p-center" href={url} target="_blank" rel="noopener noreferrer">
          {t.helpCenter}
        </a>
      )}
    </div>
  );
}
