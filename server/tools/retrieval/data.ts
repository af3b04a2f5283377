// Lab only: loads the labelled data sets by path (never copied into the repo). Where they
// live is the caller's to say: PARLEY_DATA_DIR, the folder holding banking77/ and clinc150/.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FaqEntry } from '../../src/bot/retrieval/types';

function dataDir(): string {
  const dir = process.env.PARLEY_DATA_DIR;
  if (!dir) throw new Error('Set PARLEY_DATA_DIR to the folder that holds the data sets (banking77/, clinc150/)');
  return dir;
}

export interface DevQuery { text: string; expected: string | null }

export function loadFaq(set: string, file = 'faq-k10.json'): FaqEntry[] {
  const raw = JSON.parse(readFileSync(resolve(dataDir(), set, file), 'utf8')) as { id: string; title: string; phrasings: string[] }[];
  return raw.map((e) => ({ id: e.id, title: e.title, phrasings: e.phrasings }));
}

export function loadDev(set: string): DevQuery[] {
  return readFileSync(resolve(dataDir(), set, 'dev.jsonl'), 'utf8')
    .split('\n').filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as DevQuery);
}
