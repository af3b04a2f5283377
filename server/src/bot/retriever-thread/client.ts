import { Worker } from 'node:worker_threads';
import { paths } from '../../config/paths';
import type { Candidate } from '../retrieval';
import type { ThreadCall, ThreadReply } from './messages';

/**
 * The main thread's handle on the retriever thread: numbered requests, replies matched by id.
 * The thread starts on first use and again after a crash (then every site rebuilds: `onReset`);
 * it keeps the process alive only while a request is pending.
 */
export class RetrieverThread {
  #worker: Worker | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: (c: Candidate[]) => void; reject: (e: Error) => void }>();

  constructor(private readonly onReset: () => void) {}

  call(request: ThreadCall): Promise<Candidate[]> {
    const worker = this.#worker ?? this.#start();
    const id = this.#nextId++;
    if (this.#pending.size === 0) worker.ref();
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id });
    });
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await worker.terminate();
  }

  #start(): Worker {
    const worker = new Worker(paths.retrieverThread);
    worker.unref();
    worker.on('message', (reply: ThreadReply) => {
      const waiter = this.#pending.get(reply.id);
      if (!waiter) return;
      this.#pending.delete(reply.id);
      if (this.#pending.size === 0) worker.unref();
      if (reply.ok) waiter.resolve(reply.candidates);
      else waiter.reject(new Error(reply.error));
    });
    // 'error' is followed by 'exit': fail what was asked, start afresh on the next call.
    worker.on('error', (err) => console.error('[parley] retriever thread failed', err));
    worker.on('exit', (code) => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const { reject } of this.#pending.values()) reject(new Error(`retriever thread exited (${code})`));
      this.#pending.clear();
      this.onReset();
    });
    this.#worker = worker;
    return worker;
  }
}
