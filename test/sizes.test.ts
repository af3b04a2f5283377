import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const LIMIT = 300;
/** A longer file says why near its top, in a comment that starts with this. */
const REASON = 'Longer than 300 lines:';

it(`keeps every source file under ${LIMIT} lines, or says why`, () => {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.tsx', '*.mjs', '*.css'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  const long = files.filter((f) => {
    const text = readFileSync(join(root, f), 'utf8');
    return text.split('\n').length > LIMIT && !text.slice(0, 2000).includes(REASON);
  });
  expect(long).toEqual([]);
});
