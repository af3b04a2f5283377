/** The one localStorage key per site; loader and app share it (namespaced: `parley:<site>`). */
export const storageKey = (site: string) => `parley:${site}`;

/**
 * Reads the stored record; storage can be disabled (privacy modes, sandboxed frames) or hold
 * garbage from an older version, and neither may break the page.
 */
export function readStored<T extends object>(key: string): Partial<T> {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(key) ?? '{}');
    return v && typeof v === 'object' ? (v as Partial<T>) : {};
  } catch {
    return {};
  }
}

export function writeStored(key: string, value: object): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Full or disabled storage: the widget still works for this page view.
  }
}
