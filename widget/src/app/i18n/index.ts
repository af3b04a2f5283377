import type { UiLocale } from '../../shared/locale';
import { en, type Strings } from './en';

// One chunk per language, fetched only when that language is chosen.
const loaders: Record<Exclude<UiLocale, 'en'>, () => Promise<{ default: Strings }>> = {
  es: () => import('./es'),
  fr: () => import('./fr'),
  de: () => import('./de'),
  pt: () => import('./pt'),
  ar: () => import('./ar'),
};

/** The strings for a locale; English if its chunk cannot be fetched. */
export async function loadStrings(locale: UiLocale): Promise<Strings> {
  if (locale === 'en') return en;
  try {
    return (await loaders[locale]()).default;
  } catch {
    return en;
  }
}

/** `fill('{n} out of 5', { n: 4 })` → `4 out of 5`. */
export const fill = (text: string, values: Record<string, string | number>) =>
  text.replace(/\{(\w+)\}/g, (m, k: string) => String(values[k] ?? m));

export { en, type Strings };
