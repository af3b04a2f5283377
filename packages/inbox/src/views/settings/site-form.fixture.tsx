import { render } from 'preact';
import { act } from 'preact/test-utils';
import { vi } from 'vitest';
import type { SiteAdmin } from '@parley/protocol';
import { get, patch } from '../../api';
import { SiteSettingsForm } from './site';

export const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 0)));

/** Types into a field as a person does: the form listens to `input`. */
export const type = (el: HTMLInputElement | HTMLTextAreaElement, value: string) =>
  act(() => {
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });

/**
 * The site form on `site`, with the api module mocked by the calling test (`get` answers the
 * site, and a quiet retention preview for any other path; `patch` reset). In the document:
 * happy-dom fires a checkbox's or radio's change event only there.
 */
export async function mountSiteForm(site: SiteAdmin): Promise<HTMLElement> {
  vi.mocked(get).mockImplementation(async (path: string) =>
    path === '/sites/site_1' ? structuredClone(site) : { days: 30, before: '2026-01-01T00:00:00.000Z', conversations: 0, visitors: 0 },
  );
  vi.mocked(patch).mockReset();
  const root = document.body.appendChild(document.createElement('div'));
  act(() => render(<SiteSettingsForm siteId="site_1" />, root));
  await settle();
  return root;
}

export function unmountSiteForm(root: HTMLElement): void {
  act(() => render(null, root));
  root.remove();
  vi.mocked(get).mockReset();
}
