// Lab only: loads the shared data sets by path (never copied into the repo).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FaqEntry } from '../types';

// server/src/bot/retrieval/lab → six levels up is the folder that holds main/ and shared/.
export const DATA_DIR =
  process.env.PARLEY_DATA_DIR ?? fileURLToPath(new URL('../../../../../../shared/data/', import.meta.url));

export interface DevQuery { text: string; expected: string | null }

export function loadFaq(set: string, file = 'faq-k10.json'): FaqEntry[] {
  const raw = JSON.parse(readFileSync(resolve(DATA_DIR, set, file), 'utf8')) as { id: string; title: string; phrasings: string[] }[];
  return raw.map((e) => ({ id: e.id, title: e.title, phrasings: e.phrasings }));
}

export function loadDev(set: string): DevQuery[] {
  return readFileSync(resolve(DATA_DIR, set, 'dev.jsonl'), 'utf8')
    .split('\n').filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as DevQuery);
}
