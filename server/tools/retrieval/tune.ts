// Dev-only tuning script: runs the retriever over the dev splits directly (no DB, no server)
// and prints the metrics of tools/eval/metrics.ts plus the chosen default thresholds.
//
//   npx tsx server/tools/retrieval/tune.ts            # metrics with current constants
//   npx tsx server/tools/retrieval/tune.ts --fit      # refit calibration, print constants
//   PARLEY_DATA_DIR=/path/to/data npx tsx …                  # where the labelled data sets are (required)
//
// Never imported by product code.
import { decide } from '../../src/bot/plan';
import { computeMetrics, type QueryOutcome } from '../eval/metrics';
import { CALIBRATION_WEIGHTS, calibrate, calibrationInputs } from '../../src/bot/retrieval/calibrate';
import { buildRetriever, type ScoredCandidate } from '../../src/bot/retrieval/retriever';
import { DEFAULT_THRESHOLDS } from '../../src/bot/retrieval/thresholds';
import { loadDev, loadFaq, type DevQuery } from './data';

interface Run {
  name: string;
  dev: DevQuery[];
  results: ScoredCandidate[][];
  buildMs: number;
}

const DEPTH = 5;
const args = new Set(process.argv.slice(2));

function runSet(set: string, faqFile: string): Run {
  const entries = loadFaq(set, faqFile);
  const t0 = performance.now();
  const r = buildRetriever(entries);
  const buildMs = performance.now() - t0;
  const dev = loadDev(set);
  return { name: `${set}/${faqFile}`, dev, buildMs, results: dev.map((q) => r.explain(q.text, DEPTH)) };
}

function outcomes(run: Run, weights: readonly number[], answer: number, clarify: number): QueryOutcome[] {
  return run.dev.map((q, i) => {
    const cands = run.results[i] ?? [];
    const top = cands[0];
    const conf = top ? calibrate(top.features, weights) : 0;
    return { expected: q.expected, ranked: cands.map((c) => c.id), decision: decide(conf, answer, clarify) };
  });
}

/** Weighted L2-regularised logistic regression by Newton's method (tiny: ~10 inputs). */
function fitLogistic(X: number[][], y: number[], w: number[], l2 = 1e-3, iters = 30): number[] {
  const d = (X[0] ?? []).length;
  const beta = new Array<number>(d).fill(0);
  for (let it = 0; it < iters; it++) {
    const g = new Array<number>(d).fill(0);
    const H = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    X.forEach((x, n) => {
      let s = 0;
      for (let j = 0; j < d; j++) s += (x[j] as number) * (beta[j] as number);
      const p = 1 / (1 + Math.exp(-s));
      const wn = w[n] as number;
      for (let j = 0; j < d; j++) {
        g[j] = (g[j] as number) + wn * (p - (y[n] as number)) * (x[j] as number);
        for (let k = 0; k < d; k++) {
          const row = H[j] as number[];
          row[k] = (row[k] as number) + wn * p * (1 - p) * (x[j] as number) * (x[k] as number);
        }
      }
    });
    for (let j = 1; j < d; j++) {
      g[j] = (g[j] as number) + l2 * (beta[j] as number);
      const row = H[j] as number[];
      row[j] = (row[j] as number) + l2;
    }
    // Solve H · step = g (Gaussian elimination with partial pivoting).
    const A = H.map((row, j) => [...row, g[j] as number]);
    for (let c = 0; c < d; c++) {
      let piv = c;
      for (let r = c + 1; r < d; r++) if (Math.abs((A[r] as number[])[c] as number) > Math.abs((A[piv] as number[])[c] as number)) piv = r;
      [A[c], A[piv]] = [A[piv] as number[], A[c] as number[]];
      const pr = A[c] as number[];
      for (let r = 0; r < d; r++) {
        if (r === c) continue;
        const row = A[r] as number[];
        const f = (row[c] as number) / ((pr[c] as number) || 1e-12);
        for (let k = c; k <= d; k++) row[k] = (row[k] as number) - f * (pr[k] as number);
      }
    }
    let maxStep = 0;
    for (let j = 0; j < d; j++) {
      const row = A[j] as number[];
      const step = (row[d] as number) / ((row[j] as number) || 1e-12);
      beta[j] = (beta[j] as number) - step;
      maxStep = Math.max(maxStep, Math.abs(step));
    }
    if (maxStep < 1e-7) break;
  }
  return beta;
}

/** Expected calibration error of the top-1 confidence (10 equal-width bins). */
function ece(run: Run, weights: readonly number[]): number {
  const bins = Array.from({ length: 10 }, () => ({ n: 0, conf: 0, ok: 0 }));
  run.dev.forEach((q, i) => {
    const top = run.results[i]?.[0];
    const conf = top ? calibrate(top.features, weights) : 0;
    const b = bins[Math.min(9, Math.floor(conf * 10))] as { n: number; conf: number; ok: number };
    b.n++;
    b.conf += conf;
    if (top && top.id === q.expected) b.ok++;
  });
  let e = 0;
  for (const b of bins) if (b.n > 0) e += (b.n / run.dev.length) * Math.abs(b.conf / b.n - b.ok / b.n);
  return e;
}

const fmt = (x: number): string => x.toFixed(4);

function report(run: Run, weights: readonly number[], answer: number, clarify: number): void {
  const m = computeMetrics(outcomes(run, weights, answer, clarify));
  console.log(
    `${run.name.padEnd(24)} n=${m.n} top1=${fmt(m.top1)} top3=${fmt(m.top3)} mrr=${fmt(m.mrr)} ` +
      `inScopeAcc=${fmt(m.inScopeAccuracy)} handoffRecall=${fmt(m.handoffRecall)} ` +
      `handoffPrecision=${fmt(m.handoffPrecision)} handoffs=${m.handoffs} ECE=${fmt(ece(run, weights))} ` +
      `build=${run.buildMs.toFixed(0)}ms`,
  );
}

const main = (): void => {
  const bank = runSet('banking77', 'faq-k10.json');
  const clinc = runSet('clinc150', 'faq-k10.json');
  let weights: readonly number[] = CALIBRATION_WEIGHTS;

  if (args.has('--fit')) {
    // Rows: the top DEPTH candidates of every dev query; label 1 iff it is the expected id.
    // Each data set gets the same total weight, so banking77's 9k queries don't drown
    // clinc150's out-of-scope examples.
    const X: number[][] = [];
    const y: number[] = [];
    const w: number[] = [];
    for (const run of [bank, clinc]) {
      const rowW = 1 / run.dev.length;
      run.dev.forEach((q, i) => {
        for (const c of run.results[i] ?? []) {
          X.push(calibrationInputs(c.features));
          y.push(c.id === q.expected ? 1 : 0);
          w.push(rowW * 1000);
        }
      });
    }
    weights = fitLogistic(X, y, w).map((b) => Number(b.toFixed(4)));
    console.log(`fitted CALIBRATION_WEIGHTS = [${weights.join(', ')}]`);
  }

  if (args.has('--grid')) {
    console.log('clinc150 grid (answer, clarify) → inScopeAcc / handoffRecall / answered-precision');
    for (const a of [0.6, 0.7, 0.75, 0.8]) {
      for (const c of [0.25, 0.3, 0.31, 0.32, 0.33, 0.34, 0.35, 0.4]) {
        if (c > a) continue;
        const oc = outcomes(clinc, weights, a, c);
        const m = computeMetrics(oc);
        const ans = oc.filter((o) => o.decision === 'answer');
        const ansOk = ans.filter((o) => o.expected !== null && o.ranked[0] === o.expected).length;
        console.log(`  a=${a} c=${c}  inScope=${fmt(m.inScopeAccuracy)} recall=${fmt(m.handoffRecall)} prec=${fmt(m.handoffPrecision)} answered=${ans.length} answerPrecision=${fmt(ansOk / Math.max(1, ans.length))}`);
      }
    }
  }

  const { answerThreshold: a, clarifyThreshold: c } = DEFAULT_THRESHOLDS;
  console.log(`thresholds: answer ≥ ${a}, clarify ≥ ${c}, else handoff`);
  report(bank, weights, a, c);
  report(clinc, weights, a, c);
  if (args.has('--all')) {
    report(runSet('banking77', 'faq-k5.json'), weights, a, c);
    report(runSet('banking77', 'faq-k1.json'), weights, a, c);
  }
};

main();
