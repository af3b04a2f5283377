/** A slot is beaten this often at most: 10,000 streams at 20 s are 125 writes every 250 ms. */
const SLOT_MS = 250;
const MAX_SLOTS = 240;

/**
 * The process's one heartbeat timer for every open stream. Each stream is put in a random
 * slot of a wheel that turns once a period, so its beats stay a period apart and the
 * process's writes are spread over the period: never all streams in one tick (which stalls
 * the event loop at 10,000), and no timer per stream (each one an object the process keeps).
 */
export class HeartbeatWheel {
  readonly #slots: Set<() => void>[];
  #next = 0;
  #count = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly periodMs: number) {
    const slots = Math.min(MAX_SLOTS, Math.max(1, Math.round(periodMs / SLOT_MS)));
    this.#slots = Array.from({ length: slots }, () => new Set());
  }

  /** Calls `beat` once a period from now on (the first within one); returns the stop. */
  add(beat: () => void): () => void {
    const slot = this.#slots[Math.floor(Math.random() * this.#slots.length)]!;
    slot.add(beat);
    if (++this.#count === 1) this.#timer = setInterval(() => this.#turn(), this.periodMs / this.#slots.length).unref();
    return () => {
      if (slot.delete(beat) && --this.#count === 0) clearInterval(this.#timer);
    };
  }

  #turn(): void {
    const slot = this.#slots[this.#next]!;
    this.#next = (this.#next + 1) % this.#slots.length;
    for (const beat of slot) beat();
  }
}
