export const LOCALES = ['en', 'es', 'fr', 'de', 'pt', 'ar'] as const;
export type UiLocale = (typeof LOCALES)[number];

/** The first of the candidates (`fr-CA` counts as `fr`) that the widget speaks, else English. */
export function pickLocale(...candidates: (string | null | undefined)[]): UiLocale {
  for (const c of candidates) {
    const base = c?.toLowerCase().split(/[-_]/)[0];
    const hit = LOCALES.find((l) => l === base);
    if (hit) return hit;
  }
  return 'en';
}

export const isRtl = (locale: string) => locale === 'ar';
