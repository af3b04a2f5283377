// pnpm eval:faq --faq FILE --queries FILE [--answer-threshold X] [--clarify-threshold Y]
// Prints the metrics (fractions in [0, 1]) and, as its last line, one JSON object with
// top1, top3, mrr, inScopeAccuracy, handoffRecall, handoffPrecision and n. docs/eval.md.
import { parseArgs } from 'node:util';
import { runFaqEval } from './faq-eval';

const { values } = parseArgs({
  options: {
    faq: { type: 'string' },
    queries: { type: 'string' },
    'answer-threshold': { type: 'string' },
    'clarify-threshold': { type: 'string' },
  },
  strict: true,
});
if (!values.faq || !values.queries) {
  console.error('Usage: pnpm eval:faq --faq FAQ.json --queries QUERIES.jsonl [--answer-threshold 0.75] [--clarify-threshold 0.33]');
  process.exit(2);
}
const threshold = (name: string, raw: string | undefined) => {
  if (raw === undefined) return {};
  const x = Number(raw);
  if (!(x >= 0 && x <= 1)) {
    console.error(`--${name} must be a number in [0, 1]`);
    process.exit(2);
  }
  return { [name === 'answer-threshold' ? 'answerThreshold' : 'clarifyThreshold']: x };
};
const bot = { ...threshold('answer-threshold', values['answer-threshold']), ...threshold('clarify-threshold', values['clarify-threshold']) };

try {
  const report = await runFaqEval({
    faqPath: values.faq,
    queriesPath: values.queries,
    bot,
    onProgress: (done, total) => {
      if (process.stderr.isTTY && done % 250 === 0) process.stderr.write(`\r${done}/${total}`);
    },
  });
  if (process.stderr.isTTY) process.stderr.write('\r');
  const m = report.metrics;
  const f = (x: number) => x.toFixed(4);
  console.log(`faq:     ${values.faq}
queries: ${values.queries}  (n = ${m.n}: ${m.nInScope} with an expected entry, ${m.nOutOfScope} expecting a handoff${report.skipped ? `; ${report.skipped} skipped: not a valid message` : ''})
top1             ${f(m.top1)}
top3             ${f(m.top3)}
mrr              ${f(m.mrr)}
inScopeAccuracy  ${f(m.inScopeAccuracy)}
handoffRecall    ${f(m.handoffRecall)}
handoffPrecision ${f(m.handoffPrecision)}  (${m.handoffs} handoffs or offers)
speed            ${report.queriesPerSecond.toFixed(0)} queries/s through the full pipeline (${report.seconds.toFixed(1)} s)`);
  console.log(JSON.stringify({ top1: m.top1, top3: m.top3, mrr: m.mrr, inScopeAccuracy: m.inScopeAccuracy, handoffRecall: m.handoffRecall, handoffPrecision: m.handoffPrecision, n: m.n }));
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
