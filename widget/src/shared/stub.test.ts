import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { STUB_SNIPPET, type ParleyStub } from './stub';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../../..');

describe('the queue stub', () => {
  it('records calls made before widget.js loads, in order', () => {
    const w = window as unknown as { Parley?: ParleyStub };
    delete w.Parley;
    // The snippet as the site owner pastes it, run as page script.
    new Function(STUB_SNIPPET)();
    w.Parley!('setLocale', 'fr');
    w.Parley!('showMessage', 'Hi!');
    expect(Array.from(w.Parley!.q!, (args) => Array.from(args))).toEqual([
      ['setLocale', 'fr'],
      ['showMessage', 'Hi!'],
    ]);
    delete w.Parley;
  });

  it('is shown verbatim in docs/api.md and on the embed-demo pages that use it', () => {
    expect(readFileSync(join(repo, 'docs/api.md'), 'utf8')).toContain(STUB_SNIPPET);
    const demo = join(repo, 'embed-demo');
    for (const file of ['index.html', 'queue.js']) expect(readFileSync(join(demo, file), 'utf8')).toContain(STUB_SNIPPET);
    expect(readdirSync(demo)).toContain('scenarios.html');
  });
});
