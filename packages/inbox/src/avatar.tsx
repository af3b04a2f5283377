import { useState } from 'preact/hooks';

/**
 * An agent's photo, or their initial without one or when it fails to load. Decorative
 * (`alt=""`): wherever it is shown, the name is written next to it.
 */
export function Avatar({ name, url, large }: { name: string; url: string | null; large?: boolean }) {
  const [failed, setFailed] = useState<string | null>(null);
  const cls = large ? 'avatar large' : 'avatar';
  if (url && failed !== url) return <img class={cls} src={url} alt="" onError={() => setFailed(url)} />;
  return (
    <span class={cls} aria-hidden="true">
      {name.slice(0, 1).toUpperCase()}
    </span>
  );
}
