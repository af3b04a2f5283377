import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';

/**
 * A button for something that cannot be undone: it first opens, in place, a warning with the
 * action's own button and Cancel. Unlike a native confirm() the warning can say exactly what
 * goes, in the page's words and styles. Focus moves to Cancel, the least destructive choice (as
 * WAI-ARIA's alertdialog pattern advises), so a stray Enter keeps everything; Escape cancels,
 * and focus goes back to the button that opened it.
 */
export function ConfirmButton({ label, action, children, onConfirm }: { label: string; action: string; children: ComponentChildren; onConfirm: () => Promise<unknown> }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  // Focus follows a change of `open`, never the first render: a page must not grab focus on load.
  const wasOpen = useRef(false);
  const id = useId();
  useEffect(() => {
    if (open !== wasOpen.current) (open ? cancel : opener).current?.focus();
    wasOpen.current = open;
  }, [open]);

  if (!open)
    return (
      <button type="button" class="danger" ref={opener} onClick={() => setOpen(true)}>
        {label}
      </button>
    );
  return (
    <div
      class="confirm"
      role="alertdialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-warning`}
      onKeyDown={(e) => e.key === 'Escape' && !busy && setOpen(false)}
    >
      <p id={`${id}-title`} class="sr-only">
        {label.replace(/…$/, '')}
      </p>
      <p id={`${id}-warning`}>{children}</p>
      <button
        type="button"
        class="danger primary"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await onConfirm();
          } finally {
            setBusy(false);
            setOpen(false);
          }
        }}
      >
        {action}
      </button>{' '}
      <button type="button" ref={cancel} disabled={busy} onClick={() => setOpen(false)}>
        Cancel
      </button>
    </div>
  );
}
