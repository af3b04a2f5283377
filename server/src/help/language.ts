/** The languages an Accept-Language header asks for (two letters each), most wanted first; the header is read up to 1,000 characters. */
export function acceptedLanguages(header: string | undefined): string[] {
  return (header ?? '')
    .slice(0, 1000)
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? 1);
      return { lang: tag.trim().slice(0, 2).toLowerCase(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((l) => /^[a-z]{2}$/.test(l.lang) && l.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((l) => l.lang);
}

/**
 * The help center's language for a request: `?lang=` when the site has articles in it, else
 * the first the browser asks for that it has, else the site's own. `available` always holds
 * the site's own.
 */
export function pickLanguage(asked: string | undefined, acceptLanguage: string | undefined, available: readonly string[], siteLanguage: string): string {
  const has = (l: string | undefined): l is string => l !== undefined && available.includes(l);
  const wanted = asked?.slice(0, 2).toLowerCase();
  if (has(wanted)) return wanted;
  return acceptedLanguages(acceptLanguage).find(has) ?? siteLanguage;
}
