import type { ArticleSearchResult, HelpHome } from '@parley/protocol';
import { useEffect, useRef, useState } from 'preact/hooks';
import { fill } from '../i18n';
import { useChat } from '../ui/context';
import { onTab } from '../ui/focus';
import { Failed } from '../ui/Parts';
import { articleLinks, ChatWithUs, get, Links, useGet, type Open } from './parts';

/** Searches run this long after the last keystroke: one request per pause, not per letter. */
const DEBOUNCE_MS = 250;

/** The Help view's home: a search as you type, then popular articles and the categories. */
export function Home({ open, shown }: { open: Open; shown: boolean }) {
  const [chat, s] = useChat();
  const t = s.strings;
  const home = useGet<HelpHome>(`/help?lang=${s.locale}`);
  const [q, setQ] = useState('');
  const [found, setFound] = useState<ArticleSearchResult['articles'] | null>(null);
  const [failed, setFailed] = useState(false);
  const text = q.trim();
  const search = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (shown && !onTab(search.current)) search.current?.focus();
  }, [shown]);

  useEffect(() => {
    setFailed(false);
    if (!text) return setFound(null);
    let live = true;
    const timer = setTimeout(
      () =>
        get<ArticleSearchResult>(chat, `/help/search?q=${encodeURIComponent(text)}&lang=${s.locale}`).then(
          (r) => live && setFound(r.articles),
          () => live && setFailed(true),
        ),
      DEBOUNCE_MS,
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text]);

  return (
    <div hidden={!shown}>
      <input
        ref={search}
        type="search"
        class="p-search"
        aria-label={t.search}
        placeholder={t.search}
        maxLength={500}
        value={q}
        onInput={(e) => setQ(e.currentTarget.value)}
      />
      {failed && (
        <p class="p-error" role="alert">
          {t.error}
        </p>
      )}
      {text ? (
        found && (
          <>
            {found.length ? <Links links={articleLinks(found)} open={open} /> : <p class="p-note" role="status">{t.noResults}</p>}
            <ChatWithUs question={text} />
          </>
        )
      ) : home.failed ? (
        <Failed retry={home.retry} />
      ) : (
        home.data && (
          <>
            {home.data.popular.length > 0 && (
              <>
                <h3 id="p-popular">{t.popular}</h3>
                <Links label="p-popular" links={articleLinks(home.data.popular)} open={open} />
              </>
            )}
            {home.data.categories.length > 0 && (
              <>
                <h3 id="p-categories">{t.categories}</h3>
                <Links
                  label="p-categories"
                  links={home.data.categories.map((c) => ({ key: c.slug, title: c.name, detail: fill(t.articleCount, { n: c.articles }), to: { category: c.slug } }))}
                  open={open}
                />
              </>
            )}
          </>
        )
      )}
    </div>
  );
}
