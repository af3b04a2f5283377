import type { ParleyCommand } from './contract';

/**
 * The queue stub a site owner may paste before the tag, so `Parley(...)` calls made before
 * widget.js arrives are kept; the loader replays `Parley.q` in order. docs/api.md and the
 * embed-demo pages show this exact string (a test keeps them in step).
 */
export const STUB_SNIPPET = 'window.Parley=window.Parley||function(){(Parley.q=Parley.q||[]).push(arguments)};';

/** `window.Parley` as the stub leaves it: a function that records its calls. */
export type ParleyStub = ((...command: ParleyCommand) => void) & { q?: ArrayLike<unknown>[] };
