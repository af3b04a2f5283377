import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** Paths under /inbox; the server answers every one of them with index.html. */
export const BASE = '/inbox';

export function navigate(path: string): void {
  history.pushState(null, '', BASE + path);
  dispatchEvent(new PopStateEvent('popstate'));
}

/** The current path below /inbox, e.g. `/c/c_123` or `/settings/agents`. */
export function usePath(): string {
  const read = () => location.pathname.replace(/^\/inbox/, '') || '/';
  const [path, setPath] = useState(read);
  useEffect(() => {
    const onPop = () => setPath(read());
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  return path;
}

export function Link({
  to,
  children,
  class: cls,
  ...rest
}: {
  to: string;
  children: ComponentChildren;
  class?: string;
  'aria-current'?: 'page' | undefined;
  'aria-label'?: string;
}) {
  return (
    <a
      href={BASE + to}
      class={cls}
      {...rest}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}
