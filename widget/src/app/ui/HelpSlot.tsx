import type { FunctionComponent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Failed } from './Parts';

// The Help view is its own chunk: a visitor who only chats never downloads it, and the chat
// panel stays within its byte budget (test/served-assets.test.ts).
let loading: Promise<FunctionComponent> | undefined;
const load = () => (loading ??= import('../help/Help').then((m) => m.Help));

/** Where the Help view goes: fetched on first use; a failed fetch says so and offers a retry. */
export function HelpSlot() {
  const [View, setView] = useState<FunctionComponent | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (failed) return;
    load().then(
      (v) => setView(() => v),
      () => {
        loading = undefined;
        setFailed(true);
      },
    );
  }, [failed]);
  if (View) return <View />;
  return failed ? <Failed retry={() => setFailed(false)} /> : null;
}
