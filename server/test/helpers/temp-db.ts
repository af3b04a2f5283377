import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory for one test file's database; removed by the returned cleanup. */
export function tempDbFile(): { file: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'parley-test-'));
  return { file: join(dir, 'parley.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
