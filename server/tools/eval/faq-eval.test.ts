import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runFaqEval } from './faq-eval';

const dir = mkdtempSync(join(tmpdir(), 'parley-eval-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const faq = join(dir, 'faq.json');
writeFileSync(
  faq,
  JSON.stringify([
    { id: 'refund', title: 'Refunds', phrasings: ['how do I get a refund', 'I want my money back', 'refund my order'] },
    { id: 'shipping', title: 'Shipping', phrasings: ['when will my order arrive', 'how long is delivery', 'where is my parcel'] },
    { id: 'password?', title: 'Password reset', phrasings: ['I forgot my password', 'reset my password', 'cannot log in'] },
  ]),
);
const queries = join(dir, 'queries.jsonl');
writeFileSync(
  queries,
  [
    { text: 'how can I get my money back', expected: 'refund' },
    { text: 'my parcel has not arrived yet', expected: 'shipping' },
    { text: 'I forgot the password for my login', expected: 'password?' },
    { text: 'who won the football world cup in 1966', expected: null },
    { text: 'I want to talk to a human', expected: null },
  ]
    .map((q) => JSON.stringify(q))
    .join('\n') + '\n',
);

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/tools/eval/cli.ts', ...args], { cwd: fileURLToPath(new URL('../../..', import.meta.url)) });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('pnpm eval:faq', () => {
  it('scores every query through the real import and pipeline', async () => {
    const { metrics } = await runFaqEval({ faqPath: faq, queriesPath: queries });
    expect(metrics).toMatchObject({ n: 5, nInScope: 3, nOutOfScope: 2, top1: 1, top3: 1, mrr: 1, handoffRecall: 1, handoffPrecision: 1 });
    expect(metrics.inScopeAccuracy).toBe(1);
  });

  it('prints the metrics and ends with one JSON line of them', async () => {
    const { code, stdout } = await runCli(['--faq', faq, '--queries', queries]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/queries\/s/);
    const last = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, number>;
    expect(Object.keys(last)).toEqual(['top1', 'top3', 'mrr', 'inScopeAccuracy', 'handoffRecall', 'handoffPrecision', 'n']);
    for (const k of ['top1', 'top3', 'mrr', 'inScopeAccuracy', 'handoffRecall', 'handoffPrecision']) {
      expect(last[k]).toBeGreaterThanOrEqual(0);
      expect(last[k]).toBeLessThanOrEqual(1);
    }
    expect(last.n).toBe(5);
  });

  it('explains missing arguments, a bad queries line and a bad FAQ file', async () => {
    expect((await runCli(['--faq', faq])).code).toBe(2);
    const badQueries = join(dir, 'bad.jsonl');
    writeFileSync(badQueries, '{"text":"x","expected":"refund"}\n{"text": 3}\n');
    const bad = await runCli(['--faq', faq, '--queries', badQueries]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.jsonl:2/);
    const badFaq = join(dir, 'bad.json');
    writeFileSync(badFaq, '[{"id":"a"}]');
    expect((await runCli(['--faq', badFaq, '--queries', queries])).stderr).toMatch(/bad\.json: entry 0\.title/);
    expect((await runCli(['--faq', faq, '--queries', queries, '--answer-threshold', '2'])).code).toBe(2);
  });
});
