import { ApiError } from '../http/errors';
import { HeartbeatWheel } from './heartbeat-wheel';

export interface StreamCaps {
  /** Streams from one client address (as rate limits count it: IPv6 by /64), widget and inbox alike. */
  perAddress: number;
  /** Streams of the whole process. */
  perProcess: number;
  /** Time between a stream's heartbeats. */
  heartbeatMs: number;
}

/** Whose a stream is (a visitor, an agent), and how many streams they may keep open. */
export interface StreamOwner {
  key: string;
  max: number;
}

/** Why a stream is asked to end: a newer one of its owner took its place, or the process is closing. */
export type StreamEnding = 'replaced' | 'closing';

interface Held {
  ending: (why: StreamEnding) => void;
}

/**
 * The streams open in this process, and their heartbeat. Each holds a socket, a file descriptor and ~15 KiB, so
 * one visitor with 200 tabs' worth, or a few addresses opening thousands, could take the
 * process down. An address or the process at its cap gets a 429; an owner past theirs keeps
 * their newest streams (the tab in use) and the oldest is told it was replaced.
 */
export class OpenStreams {
  #total = 0;
  readonly #byAddress = new Map<string, number>();
  /** Each owner's streams, oldest first (a Set iterates in insertion order). */
  readonly #byOwner = new Map<string, Set<Held>>();

  #closing = false;

  readonly heartbeats: HeartbeatWheel;

  constructor(private readonly caps: StreamCaps) {
    this.heartbeats = new HeartbeatWheel(caps.heartbeatMs);
  }

  /** Once set, the process is shutting down: no new stream, and the readiness probe says so. */
  get closing(): boolean {
    return this.#closing;
  }

  /** Shutting down: every open stream is asked to end (with a hint to reconnect soon, elsewhere), and none opens. */
  closeAll(): void {
    this.#closing = true;
    for (const owned of this.#byOwner.values()) for (const held of owned) held.ending('closing');
  }

  /**
   * Takes a place for a new stream, or throws a 429 (a 503 while closing). `ending` is called
   * if a newer stream of the same owner later takes this one's place, or the process closes.
   * Returns the release, to call once the stream has closed (any number of times).
   */
  open(owner: StreamOwner, address: string, ending: (why: StreamEnding) => void): () => void {
    if (this.#closing) throw new ApiError(503, 'unavailable', 'This server is restarting: reconnect');
    if (this.#total >= this.caps.perProcess) throw new ApiError(429, 'rate_limited', 'The server has all the open streams it takes: retry in a moment');
    const fromAddress = this.#byAddress.get(address) ?? 0;
    if (fromAddress >= this.caps.perAddress) throw new ApiError(429, 'rate_limited', 'Too many open streams from this address: close some tabs and retry');
    this.#total++;
    this.#byAddress.set(address, fromAddress + 1);
    let owned = this.#byOwner.get(owner.key);
    if (!owned) this.#byOwner.set(owner.key, (owned = new Set()));
    const held: Held = { ending };
    owned.add(held);
    for (const oldest of owned) {
      if (owned.size <= owner.max) break;
      owned.delete(oldest);
      oldest.ending('replaced');
    }

    let open = true;
    return () => {
      if (!open) return;
      open = false;
      this.#total--;
      const n = (this.#byAddress.get(address) ?? 1) - 1;
      if (n > 0) this.#byAddress.set(address, n);
      else this.#byAddress.delete(address);
      owned.delete(held);
      if (owned.size === 0 && this.#byOwner.get(owner.key) === owned) this.#byOwner.delete(owner.key);
    };
  }
}
