import type { AppDeps } from '../core/deps';
import type { BusTap } from './bus-tap';
import { handoffBriefing } from './handoff';
import { KbRetrievers } from './kb-retriever';
import { BotWorker } from './worker';

/**
 * Wires the bot into a running server: it watches the tapped bus, briefs the agents when a
 * visitor asks for a person (or writes by email), hears "not helpful" votes, and catches up on start.
 */
export function startBot(deps: AppDeps, tap: BusTap): BotWorker {
  const worker = new BotWorker({ deps, retrievers: new KbRetrievers(deps.db), providers: deps.providers });
  if (deps.config.PARLEY_BOT === 'off') return worker;
  tap.observe((e) => worker.observe(e));
  deps.hooks = {
    handoffBriefing: (conversationId, reason) => handoffBriefing(deps.db, conversationId, reason),
    feedbackGiven: (vote) => worker.observeVote(vote),
  };
  worker.start();
  return worker;
}
