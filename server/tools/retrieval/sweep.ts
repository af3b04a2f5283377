import { buildRetriever, type RetrieverOptions } from '../../src/bot/retrieval/retriever';
import { loadDev, loadFaq } from './data';
const sets = [['banking77', 'faq-k10.json'], ['clinc150', 'faq-k10.json'], ['banking77', 'faq-k5.json'], ['banking77', 'faq-k1.json']] as const;
const data = sets.map(([s, f]) => ({ name: `${s}/${f}`, entries: loadFaq(s, f), dev: loadDev(s).filter((q) => q.expected !== null) }));
const variants: [string, RetrieverOptions][] = JSON.parse(process.argv[2] ?? '[["default",{}]]');
for (const [name, opt] of variants) {
  const row: string[] = [];
  for (const d of data) {
    const t0 = performance.now(); const r = buildRetriever(d.entries, opt); const ms = performance.now() - t0;
    let t1 = 0, t3 = 0;
    for (const q of d.dev) { const ids = r.search(q.text, 3).map((c) => c.id); if (ids[0] === q.expected) t1++; if (ids.includes(q.expected!)) t3++; }
    row.push(`${d.name.replace('.json', '')} ${(t1 / d.dev.length).toFixed(4)}/${(t3 / d.dev.length).toFixed(4)} ${ms.toFixed(0)}ms`);
  }
  console.log(name.padEnd(28), row.join(' | '));
}
