// What the bot's main thread and its retriever thread say to each other. Both sides are this
// process's own code, so these are plain types (no zod): nothing here comes from outside.
import type { Candidate, FaqEntry } from '../retrieval';

export type ThreadRequest =
  | { kind: 'build'; id: number; siteId: string; revision: number; entries: FaqEntry[] }
  | { kind: 'search'; id: number; siteId: string; revision: number; text: string; limit: number };

export type ThreadReply =
  | { id: number; ok: true; candidates: Candidate[] }
  | { id: number; ok: false; error: string };

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
/** A request without its id: the client numbers them. */
export type ThreadCall = WithoutId<ThreadRequest>;
