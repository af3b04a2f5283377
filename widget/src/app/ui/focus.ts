import { useEffect, useRef } from 'preact/hooks';

/**
 * The visitor is on the Chat/Help tabs: a view that appears leaves the focus there, so the
 * arrow keys keep moving between tabs.
 */
export const onTab = (node: Node | null | undefined) => (node?.getRootNode() as Document | undefined)?.activeElement?.getAttribute('role') === 'tab';

/** A page's heading (or what stands for it) takes the focus once it shows, so a screen reader starts reading there. */
export function useHeading<T extends HTMLElement = HTMLHeadingElement>(ready: unknown) {
  const heading = useRef<T>(null);
  useEffect(() => {
    if (ready) heading.current?.focus();
  }, [!!ready]);
  return heading;
}
