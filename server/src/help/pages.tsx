import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { markdownHtml, type Video } from '@parley/markdown-lite/html';
import { readableOn, textOn } from '@parley/protocol/contrast';
import type { ArticleSummary } from '@parley/protocol';
import type { ArticleRow } from '../db/rows';
import { searchWords } from '../db/dialect';
import type { LocaleTexts } from '../i18n/texts';
import { slugify } from '../kb/categories';

/** What every page of one site's help center, in one language, is drawn with. */
export interface HelpContext {
  siteName: string;
  texts: LocaleTexts;
  lang: string;
  /** The site's languages, for the language links and `hreflang`. */
  languages: readonly string[];
  siteLanguage: string;
  /** `/help/<site key>`, and the server's public URL before it (canonical links are absolute). */
  base: string;
  origin: string;
  privacyUrl: string | null;
  indexable: boolean;
  /** A page of the site with the widget on it, for "Chat with us"; null when the site has none to offer. */
  chatUrl: string | null;
}

/** A path of this help center in `lang` (the site's own language needs no `?lang=`). */
export const href = (h: HelpContext, path: string, lang = h.lang, query = '') => {
  const params = new URLSearchParams(query);
  if (lang !== h.siteLanguage) params.set('lang', lang);
  const q = params.toString();
  return `${h.base}${path}${q ? `?${q}` : ''}`;
};
export const articlePath = (a: Pick<ArticleRow, 'id' | 'title'>) => `/articles/${a.id}-${slugify(a.title)}`;

/**
 * The stylesheet, in the site's colour: one `<style>`, allowed by its hash in the page's CSP.
 * Links take the colour darkened as far as they need to stay readable on the page; the header's
 * text is white or black, whichever reads on it.
 */
export const helpCss = (color: string) =>
  `:root{--c:${color};--l:${readableOn(color, '#f6f8fa')};--on:${textOn(color)}}*{box-sizing:border-box}body{margin:0;font:16px/1.55 system-ui,sans-serif;color:#1b1f24;background:#f6f8fa}` +
  `a{color:var(--l)}header{background:var(--c);color:var(--on);padding:1.5rem 1rem}header a{color:var(--on);text-decoration:none;font-weight:600}` +
  `main,.in{max-width:46rem;margin:0 auto;padding:0 1rem}main{padding:1.5rem 1rem 3rem}form.s{display:flex;gap:.5rem;margin-top:1rem}` +
  `form.s input{flex:1;padding:.6rem .8rem;border:0;border-radius:6px;font:inherit}button{font:inherit;padding:.5rem 1rem;border-radius:6px;border:1px solid #d0d7de;background:#fff;cursor:pointer}` +
  `ul.l{list-style:none;padding:0}ul.l li{background:#fff;border:1px solid #d0d7de;border-radius:8px;margin:.5rem 0;padding:.8rem 1rem}` +
  `.m{color:#57606a;font-size:.9rem}mark{background:#fff3b0;color:inherit}article{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:1rem 1.5rem}` +
  `.v{display:flex;align-items:center;justify-content:center;gap:.6rem;aspect-ratio:16/9;width:100%;margin:1rem 0;border-radius:8px;background:#1b1f24;color:#fff;font-weight:600;text-decoration:none}` +
  `.v::before{content:"";border-style:solid;border-width:.8rem 0 .8rem 1.3rem;border-color:transparent transparent transparent #fff}iframe.v{border:0}` +
  `.help{margin-top:1.5rem}` +
  `footer{max-width:46rem;margin:0 auto;padding:1rem;color:#57606a;font-size:.9rem}footer a{margin-inline-end:1rem}.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}`;

export function Layout(props: { h: HelpContext; title: string; description: string; path: string; query?: string; css: string; children: Child }) {
  const { h, title, description, path, query = '', css, children } = props;
  const { texts } = h;
  return (
    <html lang={h.lang} dir={texts.dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <meta name="description" content={description.slice(0, 160)} />
        {!h.indexable && <meta name="robots" content="noindex" />}
        <link rel="canonical" href={h.origin + href(h, path, h.lang, query)} />
        {h.languages.map((l) => (
          <link rel="alternate" hreflang={l} href={h.origin + href(h, path, l, query)} />
        ))}
        <link rel="alternate" hreflang="x-default" href={h.origin + href(h, path, h.siteLanguage, query)} />
        <style>{raw(css)}</style>
      </head>
      <body>
        <header>
          <div class="in">
            <a href={href(h, '/')}>{texts.help.title(h.siteName)}</a>
            <form class="s" method="get" action={`${h.base}/search`} role="search">
              <label class="sr" for="q">
                {texts.help.searchLabel}
              </label>
              <input id="q" name="q" type="search" placeholder={texts.help.searchPlaceholder} maxlength={500} />
              {h.lang !== h.siteLanguage && <input type="hidden" name="lang" value={h.lang} />}
              <button type="submit">{texts.help.search}</button>
            </form>
          </div>
        </header>
        <main>{children}</main>
        <footer>
          {h.privacyUrl && <a href={h.privacyUrl}>{texts.help.privacy}</a>}
          {h.languages.length > 1 && (
            <nav aria-label={texts.help.language}>
              {h.languages.map((l) => (l === h.lang ? <b>{l} </b> : <a href={href(h, path, l, query)}>{l}</a>))}
            </nav>
          )}
        </footer>
      </body>
    </html>
  );
}

/** Article links (the title, or `label` for it) with what the list says under each (an excerpt). */
export function ArticleList({ h, items }: { h: HelpContext; items: Array<{ id: string; title: string; label?: Child; note?: Child }> }) {
  return (
    <ul class="l">
      {items.map((a) => (
        <li>
          <a href={href(h, articlePath(a))}>{a.label ?? a.title}</a>
          {a.note !== undefined && <div class="m">{a.note}</div>}
        </li>
      ))}
    </ul>
  );
}

/** An excerpt with the searched words marked: text only, split on the words themselves. */
function Highlighted({ text, words }: { text: string; words: readonly string[] }) {
  if (words.length === 0) return <>{text}</>;
  const re = new RegExp(`(${words.join('|')})`, 'giu');
  return <>{text.split(re).map((part, i) => (i % 2 ? <mark>{part}</mark> : part))}</>;
}

export function SearchResults({ h, q, results }: { h: HelpContext; q: string; results: ArticleSummary[] }) {
  const words = searchWords(q);
  return (
    <>
      <h1>{results.length ? h.texts.help.results(results.length, q) : h.texts.help.noResults(q)}</h1>
      <ArticleList
        h={h}
        items={results.map((r) => ({ ...r, label: <Highlighted text={r.title} words={words} />, note: <Highlighted text={r.snippet} words={words} /> }))}
      />
    </>
  );
}

/** The providers whose players an article may frame (the pages' CSP `frame-src`): markdown-lite only embeds their videos. */
export const VIDEO_FRAMES = 'https://www.youtube-nocookie.com https://player.vimeo.com';

/**
 * A tutorial video without JavaScript and without the provider before the visitor asks: a
 * poster (our own, no thumbnail from them) that links to this page with `?play=N`, which
 * renders the player in its place.
 */
function videoHtml(h: HelpContext, article: ArticleRow, play: number | undefined) {
  return (v: Video, i: number) => {
    const label = h.texts.help.playVideo(v.provider);
    if (i === play)
      return (
        <iframe
          id={`video-${i}`}
          class="v"
          src={v.embed}
          title={label}
          allow="autoplay; fullscreen; picture-in-picture"
          allowfullscreen
          sandbox="allow-scripts allow-same-origin allow-presentation allow-popups"
          referrerpolicy="strict-origin-when-cross-origin"
        />
      ).toString();
    return (
      <a id={`video-${i}`} class="v" href={`${href(h, articlePath(article), h.lang, `play=${i}`)}#video-${i}`}>
        {label}
      </a>
    ).toString();
  };
}

/** "Still need help? Chat with us": the site's page with the widget, told (in its address' fragment) to open with the question. */
export function StillNeedHelp({ h, question, session }: { h: HelpContext; question: string; session: string | undefined }) {
  if (!h.chatUrl) return null;
  const url = new URL(h.chatUrl);
  url.hash = new URLSearchParams({ 'parley-ask': question.slice(0, 500), ...(session && { 'parley-help': session }) }).toString();
  return (
    <p class="help">
      {h.texts.help.stillNeedHelp} <a href={url.toString()}>{h.texts.help.chatWithUs}</a>
    </p>
  );
}

export function ArticleBody(props: { h: HelpContext; article: ArticleRow; feedbackThanks: boolean; play: number | undefined }) {
  const { h, article, feedbackThanks, play } = props;
  const date = new Intl.DateTimeFormat(h.texts.locale, { dateStyle: 'long', timeZone: 'UTC' }).format(article.updatedAt);
  return (
    <article>
      <h1>{article.title}</h1>
      <p class="m">{h.texts.help.updated(date)}</p>
      {raw(markdownHtml(article.body, videoHtml(h, article, play)))}
      <section id="feedback" aria-live="polite">
        {feedbackThanks ? (
          <p>{h.texts.help.thanks}</p>
        ) : (
          <form method="post" action={href(h, `/articles/${article.id}/feedback`)}>
            <p>{h.texts.help.helpful}</p>
            <button type="submit" name="helpful" value="yes">
              {h.texts.help.yes}
            </button>{' '}
            <button type="submit" name="helpful" value="no">
              {h.texts.help.no}
            </button>
          </form>
        )}
      </section>
    </article>
  );
}
