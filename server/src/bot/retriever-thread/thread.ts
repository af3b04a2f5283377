// The retriever thread: trains each site's retriever and answers lookups with it. Training is
// seconds of CPU for a big KB; here it stalls no HTTP request or SSE stream, only the lookups
// queued behind it (docs/decisions.md#2026-11-21--retrievers-train-on-their-own-thread).
import { parentPort } from 'node:worker_threads';
import { buildRetriever, type Retriever } from '../retrieval';
import type { ThreadReply, ThreadRequest } from './messages';

const port = parentPort;
if (!port) throw new Error('retriever-thread/thread.ts runs as a worker thread only');

const sites = new Map<string, { revision: number; retriever: Retriever }>();

function handle(req: ThreadRequest): ThreadReply {
  if (req.kind === 'build') {
    sites.set(req.siteId, { revision: req.revision, retriever: buildRetriever(req.entries) });
    return { id: req.id, ok: true, candidates: [] };
  }
  const index = sites.get(req.siteId);
  // Messages arrive in order, so a lookup always follows the build it needs; a mismatch means
  // that build failed.
  if (index?.revision !== req.revision) return { id: req.id, ok: false, error: `no retriever for ${req.siteId} at revision ${req.revision}` };
  return { id: req.id, ok: true, candidates: index.retriever.search(req.text, { limit: req.limit }) };
}

port.on('message', (req: ThreadRequest) => {
  let reply: ThreadReply;
  try {
    reply = handle(req);
  } catch (err) {
    reply = { id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
