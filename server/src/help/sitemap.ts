import { escapeHtml } from '@parley/markdown-lite/html';
import type { Db } from '../db/store';
import type { SiteRow } from '../db/rows';
import { articlePath, href, type HelpContext } from './pages';
import { articlesIn, categoriesIn } from './queries';

/**
 * /help/:siteKey/sitemap.xml: the help center's pages in every language of the site — home,
 * categories, their articles — each with its other languages as `xhtml:link` alternates, as
 * search engines read `hreflang`. Only pages that exist in that language are listed; articles
 * without a category too.
 */
export async function sitemap(db: Db, site: SiteRow, h: HelpContext): Promise<string> {
  const pages = new Map<string, { lastmod?: Date; languages: string[] }>();
  const add = (path: string, lang: string, lastmod?: Date) => {
    const page = pages.get(path) ?? { languages: [] };
    page.languages.push(lang);
    if (lastmod && (!page.lastmod || lastmod > page.lastmod)) page.lastmod = lastmod;
    pages.set(path, page);
  };
  for (const lang of h.languages) {
    add('/', lang);
    for (const category of await categoriesIn(db, site.id, lang)) add(`/categories/${category.slug}`, lang);
    for (const article of await articlesIn(db, site.id, lang)) add(articlePath(article), lang, article.updatedAt);
  }
  const url = (path: string, lang: string) => escapeHtml(h.origin + href(h, path, lang));
  const entries = [...pages].flatMap(([path, { lastmod, languages }]) =>
    languages.map(
      (lang) =>
        `<url><loc>${url(path, lang)}</loc>${lastmod ? `<lastmod>${lastmod.toISOString()}</lastmod>` : ''}` +
        languages.map((l) => `<xhtml:link rel="alternate" hreflang="${l}" href="${url(path, l)}"/>`).join('') +
        '</url>',
    ),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">${entries.join('')}</urlset>\n`;
}
