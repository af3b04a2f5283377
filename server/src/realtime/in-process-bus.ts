import type { EventBus, Listener, StreamEvent, Topic } from './event-bus';

/** The default bus: a map from topic to listeners, so a publish costs O(listeners of its topics). */
export class InProcessEventBus implements EventBus {
  readonly #listeners = new Map<Topic, Set<Listener>>();
  #count = 0;

  publish(topics: readonly Topic[], event: StreamEvent): void {
    for (const topic of topics) {
      const set = this.#listeners.get(topic);
      if (!set) continue;
      for (const listener of set) {
        try {
          listener(event);
        } catch (err) {
          // One broken stream must not stop delivery to the others.
          console.error('[parley] event listener failed', err);
        }
      }
    }
  }

  subscribe(topic: Topic, listener: Listener): () => void {
    let set = this.#listeners.get(topic);
    if (!set) this.#listeners.set(topic, (set = new Set()));
    set.add(listener);
    this.#count++;
    return () => {
      if (!set.delete(listener)) return;
      this.#count--;
      if (set.size === 0) this.#listeners.delete(topic);
    };
  }

  listenerCount(): number {
    return this.#count;
  }
}
