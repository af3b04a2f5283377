// `pnpm eval:faq`: the bot's measured accuracy, through the product's own code paths. The FAQ
// goes into a fresh temporary site through the real KB import; each query is the first
// message of a fresh conversation, stored by the real command and answered by the real
// pipeline with the `local` provider; the outcomes are scored by metrics.ts.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageBody, type SiteSettings } from '@parley/protocol';
import { hashToken, newToken } from '../../src/auth/tokens';
import { newId } from '../../src/db/ids';
import { loadConfig } from '../../src/config/config';
import { createConversation, postVisitorMessage } from '../../src/conversations/commands';
import { SqliteStore } from '../../src/db/sqlite-store';
import { accounts, sites, visitors } from '../../src/db/tables';
import { importArticles } from '../../src/kb/articles';
import { readArticleImport } from '../../src/kb/import-files';
import { InProcessEventBus } from '../../src/realtime/in-process-bus';
import { KbRetrievers } from '../../src/bot/kb-retriever';
import { LocalProvider } from '../../src/bot/providers/local';
import { answerVisitorMessage } from '../../src/bot/turn';
import { computeMetrics, type Decision, type FaqMetrics, type QueryOutcome } from './metrics';

export interface EvalQuery {
  text: string;
  expected: string | null;
}

export interface EvalOptions {
  faqPath: string;
  queriesPath: string;
  /** Site bot settings to use instead of the defaults (threshold sweeps). */
  bot?: Partial<SiteSettings['bot']>;
  onProgress?: (done: number, total: number) => void;
}

export interface EvalReport {
  metrics: FaqMetrics;
  /** Queries skipped because the API would refuse them as a message (empty, control characters). */
  skipped: number;
  seconds: number;
  queriesPerSecond: number;
}

/** `{ text, expected }` per line; blank lines are ignored, a bad line is an error naming it. */
function readQueries(path: string): EvalQuery[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line, i) => ({ line: line.trim(), i }))
    .filter(({ line }) => line !== '')
    .map(({ line, i }) => {
      let q: unknown;
      try {
        q = JSON.parse(line);
      } catch {
        throw new Error(`${path}:${i + 1}: not JSON`);
      }
      const { text, expected } = (q ?? {}) as Partial<EvalQuery>;
      if (typeof text !== 'string' || !(typeof expected === 'string' || expected === null)) {
        throw new Error(`${path}:${i + 1}: expected { "text": string, "expected": string | null }`);
      }
      return { text, expected };
    });
}

const decisionOf: Record<string, Decision> = { answer: 'answer', clarify: 'clarify', offer_handoff: 'handoff', handoff: 'handoff' };

export async function runFaqEval(opts: EvalOptions): Promise<EvalReport> {
  const queries = readQueries(opts.queriesPath);
  const entries = readArticleImport(opts.faqPath).map((e) => ({ ...e, status: 'published' as const }));
  const dir = mkdtempSync(join(tmpdir(), 'parley-eval-'));
  const store = new SqliteStore(join(dir, 'eval.db'));
  const { db } = store;
  const retrievers = new KbRetrievers(db);
  try {
    await store.migrate();
    const deps = { db, config: loadConfig({}), bus: new InProcessEventBus() };
    const accountId = newId('acc');
    const siteId = newId('site');
    await db.insert(accounts).values({ id: accountId, name: 'eval' });
    await db
      .insert(sites)
      .values({ id: siteId, accountId, name: 'eval', publicKey: newId('pk'), secret: newToken('sk'), allowedOrigins: [], settings: { bot: opts.bot ?? {} } });
    await importArticles(db, siteId, entries);
    const bot = { deps, retrievers, providers: () => new LocalProvider() };
    await bot.retrievers.warm(siteId);

    const outcomes: QueryOutcome[] = [];
    let skipped = 0;
    const t0 = performance.now();
    for (const [i, q] of queries.entries()) {
      const body = MessageBody.safeParse(q.text);
      if (!body.success) {
        skipped++;
        continue;
      }
      const visitor = (
        await db
          .insert(visitors)
          .values({ id: newId('v'), siteId, tokenHash: hashToken(newToken('vt')) })
          .returning()
      )[0]!;
      const { conversation } = await createConversation(deps, visitor, `eval-${i}`);
      const { message } = await postVisitorMessage(deps, conversation, `eval-${i}`, body.data);
      const turn = await answerVisitorMessage(bot, message.id);
      outcomes.push({
        expected: q.expected,
        ranked: turn.ranked.map((r) => r.article.slug),
        decision: decisionOf[turn.plan?.kind ?? 'handoff'] ?? 'handoff',
      });
      opts.onProgress?.(i + 1, queries.length);
    }
    const seconds = (performance.now() - t0) / 1000;
    return { metrics: computeMetrics(outcomes), skipped, seconds, queriesPerSecond: outcomes.length / seconds };
  } finally {
    await retrievers.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
